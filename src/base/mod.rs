//! The ground every stage stands on: text helpers, messages in the guide's language (Fluent),
//! diagnostics, the process error, locks that survive a panic, the output's addresses, and
//! where built files go.

pub mod text;
pub mod messages;
pub mod diagnostic;
pub mod error;
pub mod sync;
pub mod urls;
pub mod sink;
