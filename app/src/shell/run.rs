use crate::error::AppError;
use leptos::prelude::*;
use std::future::Future;

/// Runs a server call from an event handler: a failure is shown through `error` (and nothing the
/// person typed is touched), a success goes to `then`.
pub fn run<T: 'static>(
    error: RwSignal<Option<AppError>>,
    call: impl Future<Output = Result<T, AppError>> + 'static,
    then: impl FnOnce(T) + 'static,
) {
    error.set(None);
    leptos::task::spawn_local(async move {
        match call.await {
            Ok(value) => then(value),
            Err(failure) => error.set(Some(failure)),
        }
    });
}
