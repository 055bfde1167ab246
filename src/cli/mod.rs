//! The commands, as the command line calls them.

pub mod scaffold;
