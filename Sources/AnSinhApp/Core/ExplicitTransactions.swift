import Fluent
import Vapor

/// PostgreSQL: every model write outside a transaction runs in one of its own.
///
/// A statement sent alone runs in an implicit transaction, which PostgreSQL commits at the
/// protocol's Sync; PostgresNIO reports the statement done at its CommandComplete, which comes
/// before that (`ExtendedQueryStateMachine.commandCompletedReceived` finishes the query there).
/// An answer sent at that moment can be lost with the commit if the server crashes. Inside
/// `BEGIN … COMMIT` the write is done only when the COMMIT's own CommandComplete arrives, and
/// PostgreSQL sends that after the commit (it finishes a transaction statement before reporting
/// it). So a save, create or delete of any model on its own (a session's last use, a token's,
/// an audit line) is wrapped here, and code that writes several rows uses `transaction` itself.
/// Query-builder and raw SQL writes do not pass through model middleware: those run inside a
/// `transaction` (the test `everyWriteOutsideATransactionIsWrapped` and a search of the code).
/// SQLite needs none of this: its autocommit statement is durable when it returns.
struct ExplicitTransactions: AnyModelMiddleware {
    func handle(_ event: ModelEvent, _ model: any AnyModel, on db: any Database,
                chainingTo next: any AnyModelResponder) -> EventLoopFuture<Void> {
        guard !db.inTransaction else { return next.handle(event, model, on: db) }
        return db.transaction { tx in next.handle(event, model, on: tx) }
    }
}
