//! Entry point: panic hook, then mount. Everything else is in the library so tests can
//! mount components.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(xiantu_app::App);
}
