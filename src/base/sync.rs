//! Locks that survive a panic: one place for the recovery from poisoning.
//!
//! A mutex is poisoned when a thread panics while holding it. Every value praxis guards
//! (pages rendered so far, links found, the site served) is whole between two writes: a
//! panic in one page's thread leaves what was written before it, and that page is missing,
//! not torn. So the value is taken as it is, rather than the panic spreading to every
//! thread, or the preview server stopping, because one page failed.

use std::sync::{Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};

/// Locks `m`, poisoned or not.
pub fn lock<T: ?Sized>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Reads `l`, poisoned or not.
pub fn read<T: ?Sized>(l: &RwLock<T>) -> RwLockReadGuard<'_, T> {
    l.read().unwrap_or_else(|e| e.into_inner())
}

/// Writes `l`, poisoned or not.
pub fn write<T: ?Sized>(l: &RwLock<T>) -> RwLockWriteGuard<'_, T> {
    l.write().unwrap_or_else(|e| e.into_inner())
}

/// The value of `m` once no thread holds it, poisoned or not.
pub fn into_inner<T>(m: Mutex<T>) -> T {
    m.into_inner().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lock_poisoned_by_a_panic_still_gives_its_value() {
        let m = Mutex::new(vec![1]);
        let l = RwLock::new(1);
        std::thread::scope(|s| {
            let _ = s
                .spawn(|| {
                    let _held = (m.lock().unwrap(), l.write().unwrap());
                    panic!("a page failed");
                })
                .join();
        });
        assert!(m.is_poisoned() && l.is_poisoned());
        lock(&m).push(2);
        *write(&l) += 1;
        assert_eq!(*read(&l), 2);
        assert_eq!(into_inner(m), vec![1, 2]);
    }
}
