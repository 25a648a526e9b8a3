import Fluent
import Foundation
import SQLKit
import Vapor

/// A consistent copy of the database while AnSinh keeps serving. SQLite: `VACUUM INTO`, which
/// reads one snapshot inside a transaction and writes a compact copy (the same guarantee as
/// the online backup API, which sqlite-nio does not expose). PostgreSQL: `pg_dump`.
struct BackupCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "to", help: "The file to write (must not exist)") var to: String?
    }
    var help: String { "Writes a consistent backup of the database to a file." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard let target = signature.to, !target.isEmpty else { throw CommandFailure("--to FILE is required") }
        guard !FileManager.default.fileExists(atPath: target) else { throw CommandFailure("\(target) exists; choose a new file") }
        switch app.ansinh.database {
        case .sqliteFile:
            try await Self.sqliteBackup(app.db, to: target)
            try await CommandAudit.record(app, .backup, entityType: nil, entityID: nil, summary: "backup to \(target)")
            context.console.print("Backup written to \(target)")
        case .postgres(let url):
            guard let pgDump = Self.findExecutable("pg_dump") else {
                context.console.print("pg_dump was not found. Install the PostgreSQL client (apt-get install postgresql-client) and run:")
                context.console.print("  pg_dump --format=custom --file=\(target) \"$DATABASE_URL\"")
                throw CommandFailure("pg_dump not found")
            }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: pgDump)
            process.arguments = ["--format=custom", "--file=\(target)", "--dbname=\(url)"]
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { throw CommandFailure("pg_dump failed with status \(process.terminationStatus)") }
            try await CommandAudit.record(app, .backup, entityType: nil, entityID: nil, summary: "pg_dump to \(target)")
            context.console.print("Backup written to \(target)")
        }
    }

    static func sqliteBackup(_ db: any Database, to path: String) async throws {
        try await (db as! any SQLDatabase).raw("VACUUM INTO \(bind: path)").run()
    }

    static func findExecutable(_ name: String) -> String? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return paths.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
