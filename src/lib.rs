//! praxis: a static site generator for practice guides (roles, glossary, examples).
//! The build reads top to bottom: config → content → markdown → resolve → render → output.

pub mod book;
pub mod cite;
pub mod config;
pub mod content;
pub mod dates;
pub mod diagnostic;
pub mod epub;
pub mod error;
pub mod history;
pub mod http;
pub mod linkcheck;
pub mod markdown;
pub mod messages;
pub mod news;
pub mod notices;
pub mod offline;
pub mod output;
pub mod packs;
pub mod pipeline;
pub mod print;
pub mod render;
pub mod resolve;
pub mod review;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod session;
pub mod sheets;
pub mod text;
pub mod theme;
pub mod typography;
pub mod urls;
pub mod watch;
pub mod webapp;
pub mod yaml;
