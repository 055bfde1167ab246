//! The build as named steps, its timings, and the incremental rebuilds of the preview;
//! the link checker runs over everything the outputs made.

pub mod timings;
pub mod model;
pub mod steps;
pub mod pipeline;
pub mod incremental;
pub mod linkcheck;
