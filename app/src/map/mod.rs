//! The map canvas: pointer and wheel gestures change a `Viewport`; each animation frame
//! asks geo-core for the draw list and the painter walks it.

mod gestures;
mod painter;
mod url_view;

use std::cell::RefCell;
use std::rc::Rc;

use geo_core::scene::Viewport;
use leptos::html::Canvas;
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, PointerEvent, WheelEvent};

use crate::state::{AppState, Selected};
use gestures::{Gesture, Gestures};

/// Radius within which a tap picks a site: 22 px (a 44 px target) for touch, 10 px for
/// a mouse.
fn pick_radius(pointer_type: &str) -> f64 {
    if pointer_type == "mouse" {
        10.0
    } else {
        22.0
    }
}

struct MapInner {
    view: Option<Viewport>,
    gestures: Gestures,
    frame_pending: bool,
    last_url_write: f64,
}

/// Full-size canvas map of the project's scene.
#[component]
pub fn MapCanvas() -> impl IntoView {
    let state = expect_context::<AppState>();
    let canvas_ref = NodeRef::<Canvas>::new();
    let inner = Rc::new(RefCell::new(MapInner {
        view: None,
        gestures: Gestures::default(),
        frame_pending: false,
        last_url_write: 0.0,
    }));

    let redraw = {
        let inner = inner.clone();
        Rc::new(move || request_frame(&inner, canvas_ref, state))
    };

    // Redraw when the scene changes (load, layer toggle).
    {
        let redraw = redraw.clone();
        Effect::new(move |_| {
            state.scene_version.track();
            redraw();
        });
    }
    // Fit the view when asked (after an import).
    {
        let redraw = redraw.clone();
        let inner = inner.clone();
        Effect::new(move |_| {
            let Some(bounds) = state.fit_request.get() else {
                return;
            };
            if let Some(v) = inner.borrow_mut().view.as_mut() {
                *v = Viewport::fit(bounds, v.width, v.height, 48.0);
            }
            redraw();
        });
    }
    // Follow a view typed or pasted into the fragment (our own writes replace history state
    // and fire no `hashchange`).
    {
        let redraw = redraw.clone();
        let inner = inner.clone();
        let on_hash = Closure::<dyn FnMut()>::new(move || {
            let Some(v) = inner.borrow().view else { return };
            if let Some(next) = url_view::read(v.width, v.height) {
                inner.borrow_mut().view = Some(next);
                redraw();
            }
        });
        if let Some(w) = web_sys::window() {
            let _ =
                w.add_event_listener_with_callback("hashchange", on_hash.as_ref().unchecked_ref());
        }
        on_hash.forget(); // lives as long as the page
    }
    // Redraw on window resize.
    {
        let redraw = redraw.clone();
        let on_resize = Closure::<dyn FnMut()>::new(move || redraw());
        if let Some(w) = web_sys::window() {
            let _ =
                w.add_event_listener_with_callback("resize", on_resize.as_ref().unchecked_ref());
        }
        on_resize.forget(); // lives as long as the page
    }

    let on_down = {
        let inner = inner.clone();
        move |ev: PointerEvent| {
            let Some(canvas) = canvas_ref.get() else {
                return;
            };
            let _ = canvas.set_pointer_capture(ev.pointer_id());
            let (x, y) = local(&canvas, &ev);
            inner
                .borrow_mut()
                .gestures
                .down(ev.pointer_id(), x, y, ev.time_stamp());
        }
    };
    let on_move = {
        let inner = inner.clone();
        let redraw = redraw.clone();
        move |ev: PointerEvent| {
            let Some(canvas) = canvas_ref.get() else {
                return;
            };
            let (x, y) = local(&canvas, &ev);
            let mut i = inner.borrow_mut();
            let g = i.gestures.moved(ev.pointer_id(), x, y);
            if let (Some(g), Some(view)) = (g, i.view.as_mut()) {
                apply(view, g);
                drop(i);
                redraw();
            }
        }
    };
    let on_up = {
        let inner = inner.clone();
        move |ev: PointerEvent| {
            let Some(canvas) = canvas_ref.get() else {
                return;
            };
            let (x, y) = local(&canvas, &ev);
            let tap = inner
                .borrow_mut()
                .gestures
                .up(ev.pointer_id(), x, y, ev.time_stamp());
            if let Some((tx, ty)) = tap {
                let view = inner.borrow().view;
                let picked = view.and_then(|v| {
                    state
                        .scene
                        .with_value(|s| s.pick_site(&v, tx, ty, pick_radius(&ev.pointer_type())))
                });
                state
                    .selected
                    .set(picked.map(|(layer, feature)| Selected { layer, feature }));
            }
        }
    };
    let on_cancel = {
        let inner = inner.clone();
        move |ev: PointerEvent| inner.borrow_mut().gestures.cancel(ev.pointer_id())
    };
    let on_wheel = {
        let inner = inner.clone();
        let redraw = redraw.clone();
        move |ev: WheelEvent| {
            ev.prevent_default();
            let Some(canvas) = canvas_ref.get() else {
                return;
            };
            let rect = canvas.get_bounding_client_rect();
            let (x, y) = (
                ev.client_x() as f64 - rect.left(),
                ev.client_y() as f64 - rect.top(),
            );
            let lines = if ev.delta_mode() == 1 { 40.0 } else { 1.0 };
            let delta = (-ev.delta_y() * lines / 200.0).clamp(-1.0, 1.0);
            if let Some(v) = inner.borrow_mut().view.as_mut() {
                v.zoom_around(delta, x, y);
            }
            redraw();
        }
    };
    let on_dblclick = {
        let inner = inner.clone();
        let redraw = redraw.clone();
        move |ev: web_sys::MouseEvent| {
            let Some(canvas) = canvas_ref.get() else {
                return;
            };
            let rect = canvas.get_bounding_client_rect();
            if let Some(v) = inner.borrow_mut().view.as_mut() {
                v.zoom_around(
                    1.0,
                    ev.client_x() as f64 - rect.left(),
                    ev.client_y() as f64 - rect.top(),
                );
            }
            redraw();
        }
    };

    view! {
        <canvas
            class="map-canvas"
            data-testid="map-canvas"
            node_ref=canvas_ref
            on:pointerdown=on_down
            on:pointermove=on_move
            on:pointerup=on_up
            on:pointercancel=on_cancel
            on:wheel=on_wheel
            on:dblclick=on_dblclick
        ></canvas>
    }
}

fn local(canvas: &HtmlCanvasElement, ev: &PointerEvent) -> (f64, f64) {
    let rect = canvas.get_bounding_client_rect();
    (
        ev.client_x() as f64 - rect.left(),
        ev.client_y() as f64 - rect.top(),
    )
}

fn apply(view: &mut Viewport, g: Gesture) {
    match g {
        Gesture::Pan { dx, dy } => view.pan_by(dx, dy),
        Gesture::Pinch {
            dx,
            dy,
            zoom_delta,
            cx,
            cy,
        } => {
            view.pan_by(dx, dy);
            view.zoom_around(zoom_delta, cx, cy);
        }
    }
}

/// Schedules one paint on the next animation frame; repeated calls before it coalesce.
fn request_frame(inner: &Rc<RefCell<MapInner>>, canvas_ref: NodeRef<Canvas>, state: AppState) {
    if std::mem::replace(&mut inner.borrow_mut().frame_pending, true) {
        return;
    }
    let inner2 = inner.clone();
    let cb = Closure::once_into_js(move |now: f64| {
        inner2.borrow_mut().frame_pending = false;
        if let Some(canvas) = canvas_ref.get_untracked() {
            paint_frame(&inner2, &canvas, state, now);
        }
    });
    if let Some(w) = web_sys::window() {
        let _ = w.request_animation_frame(cb.unchecked_ref());
    }
}

fn paint_frame(
    inner: &Rc<RefCell<MapInner>>,
    canvas: &HtmlCanvasElement,
    state: AppState,
    now: f64,
) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let dpr = window.device_pixel_ratio().max(1.0);
    let (w, h) = (canvas.client_width() as f64, canvas.client_height() as f64);
    if w < 1.0 || h < 1.0 {
        return;
    }
    let (pw, ph) = ((w * dpr).round() as u32, (h * dpr).round() as u32);
    if canvas.width() != pw || canvas.height() != ph {
        canvas.set_width(pw);
        canvas.set_height(ph);
    }
    let mut i = inner.borrow_mut();
    let view = match i.view.as_mut() {
        Some(v) => {
            v.width = w;
            v.height = h;
            *v
        }
        None => {
            // First frame with data: the URL's view if it has one, else fit the project.
            let Some(bounds) = state
                .project
                .with_value(|p| p.as_ref().and_then(|p| p.bounds()))
            else {
                return;
            };
            let v = url_view::read(w, h).unwrap_or_else(|| Viewport::fit(bounds, w, h, 24.0));
            i.view = Some(v);
            v
        }
    };
    if now - i.last_url_write > 400.0 {
        i.last_url_write = now;
        url_view::write(&view);
    }
    drop(i);
    let Ok(Some(ctx)) = canvas.get_context("2d") else {
        return;
    };
    let ctx: CanvasRenderingContext2d = ctx.unchecked_into();
    let perf = window.performance();
    let t0 = perf.as_ref().map_or(0.0, |p| p.now());
    let list = state.scene.with_value(|s| s.draw_list(&view));
    painter::paint(&ctx, &list, w, h, dpr);
    // The frame's own work, for the map benchmark (tests/bench/map.mjs) and for anyone
    // asking why a view is slow.
    let paint_ms = perf.as_ref().map_or(0.0, |p| p.now()) - t0;
    canvas
        .set_attribute("data-paint-ms", &format!("{paint_ms:.2}"))
        .ok();
    let frames = canvas
        .get_attribute("data-frames")
        .and_then(|f| f.parse::<u64>().ok())
        .unwrap_or(0);
    canvas
        .set_attribute("data-frames", &(frames + 1).to_string())
        .ok();
    canvas
        .set_attribute("data-zoom", &format!("{:.3}", view.zoom))
        .ok();
    let (lon, lat) = view.center_lon_lat();
    canvas
        .set_attribute("data-center", &format!("{lon:.6},{lat:.6}"))
        .ok();
    canvas
        .set_attribute("data-commands", &list.cmds.len().to_string())
        .ok();
    canvas
        .set_attribute("data-features", &list.features.to_string())
        .ok();
}
