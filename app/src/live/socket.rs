//! The browser's websocket: reconnects with a growing pause and resumes after the last event it saw.

use super::{
    client::Live,
    types::{LiveEvent, Watch},
};
use leptos::prelude::*;
use std::{cell::RefCell, time::Duration};
use wasm_bindgen::{JsCast, closure::Closure};
use web_sys::{MessageEvent, WebSocket};

thread_local! {
    /// The open socket, through which the page says which room it has open.
    static OPEN: RefCell<Option<WebSocket>> = const { RefCell::new(None) };
}

/// Tells the server which room the page has open, if the socket is open; a socket that opens
/// later tells it then.
pub fn watch(room: Option<i64>) {
    OPEN.with_borrow(|open| {
        if let (Some(socket), Ok(text)) = (open, serde_json::to_string(&Watch { room })) {
            let _ = socket.send_with_str(&text);
        }
    });
}

/// Opens the socket; on close, tries again after a pause that doubles up to half a minute.
pub fn connect(live: Live, after: Option<i64>, attempt: u32) {
    let location = window().location();
    let scheme = match location.protocol().as_deref() {
        Ok("https:") => "wss",
        _ => "ws",
    };
    let host = location.host().unwrap_or_default();
    let resume = after.map(|id| format!("?after={id}")).unwrap_or_default();
    let Ok(socket) = WebSocket::new(&format!("{scheme}://{host}/live{resume}")) else {
        retry(live, after, attempt);
        return;
    };
    let last = StoredValue::new(after);
    let opened = StoredValue::new(false);

    let on_open = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
        opened.set_value(true);
        live.connected.set(true);
        OPEN.set(
            event
                .target()
                .and_then(|target| target.dyn_into::<WebSocket>().ok()),
        );
        watch(live.room.get_untracked());
    });
    socket.set_onopen(Some(on_open.as_ref().unchecked_ref()));
    on_open.forget();

    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |message: MessageEvent| {
        let Some(text) = message.data().as_string() else {
            return;
        };
        if let Ok(event) = serde_json::from_str::<LiveEvent>(&text) {
            last.set_value(Some(event.id.max(last.get_value().unwrap_or(0))));
            live.push(event);
        }
    });
    socket.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();

    let on_close = Closure::<dyn FnMut()>::new(move || {
        live.connected.set(false);
        OPEN.set(None);
        // A socket that worked starts over with a short pause; one that never opened waits longer.
        let next = if opened.get_value() { 0 } else { attempt + 1 };
        retry(live, last.get_value(), next);
    });
    socket.set_onclose(Some(on_close.as_ref().unchecked_ref()));
    on_close.forget();
}

fn retry(live: Live, after: Option<i64>, attempt: u32) {
    let pause = Duration::from_millis((500u64 << attempt.min(6)).min(30_000));
    set_timeout(move || connect(live, after, attempt), pause);
}
