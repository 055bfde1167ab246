//! The build as named steps, its timings, and the incremental rebuilds of the preview;
//! the link checker runs over everything the outputs made.

pub mod pipeline;
pub mod incremental;
pub mod linkcheck;
