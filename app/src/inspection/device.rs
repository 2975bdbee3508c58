//! This browser profile's part of ids ([`DeviceId`]): drawn once and kept in localStorage,
//! so every inspection, photo and signature made here says which device made it and ids
//! from two tablets never meet in a merge.
//!
//! localStorage rather than IndexedDB: ids are made synchronously (a photo id before its
//! write starts), and the browser clears both stores together ("clear site data"), so a
//! profile that keeps its records keeps its device part. A profile without localStorage
//! gets a part for the session, which keeps ids unique all the same.

use std::cell::RefCell;

use geo_core::inspection::DeviceId;

const KEY: &str = "xiantu.device";

thread_local! {
    static DEVICE: RefCell<Option<DeviceId>> = const { RefCell::new(None) };
}

/// The device part, read or drawn on first use.
pub fn device_id() -> DeviceId {
    DEVICE.with(|d| d.borrow_mut().get_or_insert_with(load_or_draw).clone())
}

fn load_or_draw() -> DeviceId {
    let storage = web_sys::window().and_then(|w| w.local_storage().ok().flatten());
    if let Some(id) = storage
        .as_ref()
        .and_then(|s| s.get_item(KEY).ok().flatten())
        .and_then(|v| DeviceId::parse(&v))
    {
        return id;
    }
    let id = DeviceId::from_random(random_u64());
    if let Some(s) = storage {
        if let Err(e) = s.set_item(KEY, id.as_str()) {
            leptos::logging::warn!("device id not kept: {}", crate::browser::js_error_text(&e));
        }
    }
    id
}

/// 64 random bits from the browser's CSPRNG (`Math.random` if it is missing): two
/// tablets must not draw alike because their generators started alike.
pub fn random_u64() -> u64 {
    let mut bytes = [0u8; 8];
    let drawn = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok());
    if drawn {
        u64::from_le_bytes(bytes)
    } else {
        (js_sys::Math::random() * (1u64 << 53) as f64) as u64
    }
}
