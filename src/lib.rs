//! praxis: a static site generator for practice guides (roles, glossary, examples).
//! The build reads top to bottom: config → content → markdown → resolve → render → output.

pub mod config;
pub mod content;
pub mod diagnostic;
pub mod error;
pub mod linkcheck;
pub mod markdown;
pub mod output;
pub mod pipeline;
pub mod print;
pub mod render;
pub mod resolve;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod session;
pub mod sheets;
pub mod text;
pub mod theme;
pub mod urls;
pub mod watch;
pub mod yaml;
