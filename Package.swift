// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "AnSinh",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "ansinh", targets: ["ansinh"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/JohnSundell/Plot.git", from: "0.14.0"),
    ],
    targets: [
        // Pure Swift: codes, rules, calendars, folding, formatting. No Vapor, no Fluent.
        .target(name: "AnSinhCore"),
        .target(
            name: "AnSinhApp",
            dependencies: [
                "AnSinhCore",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Plot", package: "Plot"),
            ],
            resources: [.copy("Resources")]
        ),
        .executableTarget(
            name: "ansinh",
            dependencies: ["AnSinhApp", .product(name: "Vapor", package: "vapor")]
        ),
        .testTarget(name: "AnSinhCoreTests", dependencies: ["AnSinhCore"]),
        .testTarget(
            name: "AnSinhAppTests",
            dependencies: [
                "AnSinhApp",
                .product(name: "VaporTesting", package: "vapor"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
