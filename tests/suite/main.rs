//! One integration binary: each module tells a user's story on small fixture sites.

mod authoring;
mod browser;
mod build;
mod contract;
mod epub;
mod guide;
mod hostile;
mod imports;
mod links;
mod load;
mod messages;
mod offline;
mod preview;
mod print;
mod rebuild;
mod search;
mod serve;
mod support;
mod theme;
mod trust;
