//! praxis: a static site generator for practice guides (roles, glossary, examples).
//!
//! One folder a stage, in the order a build runs; each folder imports only from the
//! folders above it (tests/suite/imports.rs checks it).

/// Text helpers, messages (Fluent), diagnostics, the error type, addresses, where files go.
pub mod base;
/// praxis.yaml, content/ and front matter, dates, the bibliography, page history.
pub mod source;
/// Markdown, the link graph and its references, review dates.
pub mod analyse;
/// Tera and the theme, pages, typography, the news feed.
pub mod render;
/// One file per output: sheets, packs, book, EPUB, offline copy, web app, search.
pub mod outputs;
/// PDFs from a local Chromium.
pub mod print;
/// The build as named steps, timings, incremental rebuilds, the link check.
pub mod pipeline;
/// The preview server: routes, live reload, the overlay, notices, watching files.
pub mod serve;
/// The command line: its arguments, and each command from start to report.
pub mod cli;
