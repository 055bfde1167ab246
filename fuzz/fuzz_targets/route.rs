//! Fuzzes how `praxis serve` maps a request target to a file of the built site: whatever
//! the target, the answer is a file the site has, a redirect inside the site, or a refusal.
#![no_main]

use libfuzzer_sys::fuzz_target;
use praxis::base::sink::{Data, Site};
use praxis::serve::{Route, route};

fuzz_target!(|data: &[u8]| {
    let Ok(target) = std::str::from_utf8(data) else {
        return;
    };
    let mut site = Site::default();
    for key in [
        "index.html",
        "404.html",
        "roles/index.html",
        "roles/coordinateur/index.html",
        "r%C3%B4le/index.html",
        "rôle/index.html",
        "static/style.css",
        "a b/schema.png",
    ] {
        site.files
            .insert(key.to_owned(), Data::Bytes(Vec::new().into()));
    }
    match route(target, &site) {
        Route::File(key) => {
            assert!(site.files.contains_key(&key), "{key}");
            assert!(!key.split('/').any(|s| s == ".." || s == "."), "{key}");
        }
        Route::Redirect(location) => {
            assert!(
                location.starts_with('/') && !location.starts_with("//"),
                "{location}"
            );
            assert!(!location.contains(['\r', '\n']), "{location:?}");
            let path = location.split('?').next().unwrap_or("");
            assert!(!path.split('/').any(|s| s == ".."), "{location}");
        }
        Route::NotFound | Route::BadRequest => {}
    }
});
