//! Real time on the server: the hub and the websocket.

mod hub;
mod socket;

pub use hub::{CHANNEL, Hub, NewEvent, publish, record};
pub use socket::websocket;
