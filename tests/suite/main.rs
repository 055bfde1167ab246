//! One integration binary: each module tells a user's story on small fixture sites.

mod browser;
mod build;
mod hostile;
mod imports;
mod links;
mod load;
mod print;
mod rebuild;
mod search;
mod serve;
mod support;
mod theme;
