//! The map canvas: pointer and wheel gestures change a `Viewport`; each animation frame
//! asks geo-core for the draw list and the painter walks it.

/// The map's worker, which rasterises a band of a heavy frame.
mod band_worker;
/// The optional XYZ raster basemap under the vectors (basemap helper).
pub(crate) mod basemap;
/// The panel of a tapped feature that is not a site: its properties, as text.
mod feature_info;
mod gestures;
mod painter;
/// The map as a PNG with its legend and scale bar.
pub mod snapshot;
/// A heavy frame drawn in two bands, one by the map's worker.
mod split_frame;
mod url_view;

use std::cell::RefCell;
use std::rc::Rc;

use geo_core::risk::Rgba;
use geo_core::scene::{scale_bar, FrameRaster, Viewport};
use leptos::html::Canvas;
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{
    CanvasRenderingContext2d, HtmlCanvasElement, KeyboardEvent, PointerEvent, WheelEvent,
};

use crate::state::{AppState, Selected};
use gestures::{Gesture, Gestures, Tap};

/// Outline colour of the hovered and the selected feature: cyan, apart from every fill.
pub const HIGHLIGHT: Rgba = Rgba(0x00, 0xb8, 0xd4, 255);
/// Pixels an arrow key pans.
const KEY_PAN_PX: f64 = 100.0;

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
    /// The feature under a mouse pointer (scene layer, feature), outlined.
    hover: Option<(usize, usize)>,
    /// Pointer type of the last press: a finger's double tap is handled by the gestures,
    /// so the browser's synthetic `dblclick` must not zoom again.
    last_pointer: String,
    /// A fragment write was skipped by the throttle; a later frame must make it.
    url_dirty: bool,
    /// The view of the last frame rasterised in wasm memory, and what else it depended
    /// on: a frame with the same key whose view is a pan of it moves its pixels.
    raster_view: Option<(Viewport, RasterKey)>,
    /// A frame was asked for while a split frame was in flight.
    again: bool,
    /// Schedules a frame (the map's `redraw`), for a split frame that lands.
    redraw: Option<Rc<dyn Fn()>>,
}

/// What a kept frame's pixels depend on besides the view: the scene's revision, the
/// device pixel ratio, the canvas size in device pixels and whether a basemap was under it.
#[derive(Clone, Copy, PartialEq)]
struct RasterKey {
    scene_rev: u64,
    dpr: f64,
    size: (u32, u32),
    basemap: bool,
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
        hover: None,
        last_pointer: String::new(),
        url_dirty: false,
        raster_view: None,
        again: false,
        redraw: None,
    }));
    // A tapped feature that is not a site (zone, source, district): its panel.
    let inspect = RwSignal::new(None::<(usize, usize)>);

    let redraw = {
        let inner = inner.clone();
        Rc::new(move || request_frame(&inner, canvas_ref, state, inspect))
    };
    // Weak: the map's state must not own a closure that owns it.
    inner.borrow_mut().redraw = Some({
        let weak = Rc::downgrade(&inner);
        Rc::new(move || {
            if let Some(inner) = weak.upgrade() {
                request_frame(&inner, canvas_ref, state, inspect);
            }
        })
    });
    // A GCJ-02 basemap shifts the vectors onto its imagery: rebuild the scene when the
    // active source's datum differs from the scene's.
    {
        let source = basemap::source_signal();
        Effect::new(move |_| {
            let gcj02 = geo_core::scene::vectors_gcj02(source.get().as_ref());
            if state.scene.with_value(|s| s.gcj02()) != gcj02 {
                state.rebuild_scene(gcj02);
            }
        });
    }
    // Redraw when the selection changes (its outline).
    {
        let redraw = redraw.clone();
        Effect::new(move |_| {
            state.selected.track();
            inspect.track();
            redraw();
        });
    }

    // A crosshair while a position is asked for: a click sets a point, it picks nothing.
    Effect::new(move |_| {
        let picking = state.point_request.with(Option::is_some);
        if let Some(canvas) = canvas_ref.get() {
            let el: &web_sys::HtmlElement = canvas.as_ref();
            let _ = el
                .style()
                .set_property("cursor", if picking { "crosshair" } else { "" });
            let _ = el.set_attribute("data-picking", &picking.to_string());
        }
    });

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
            apply_hidden(state);
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
            let mut i = inner.borrow_mut();
            i.last_pointer = ev.pointer_type();
            i.gestures.down(ev.pointer_id(), x, y, ev.time_stamp());
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
            if ev.pointer_type() == "mouse"
                && ev.buttons() == 0
                && state.point_request.with_untracked(Option::is_none)
            {
                // Desktop hover: outline what a click would pick.
                let hover = i
                    .view
                    .and_then(|v| pick_any(state, &v, x, y, pick_radius("mouse")));
                let hover = hover.map(|(p, _)| p);
                if hover != i.hover {
                    i.hover = hover;
                    let cursor = if hover.is_some() { "pointer" } else { "" };
                    let el: &web_sys::HtmlElement = canvas.as_ref();
                    el.style().set_property("cursor", cursor).ok();
                    drop(i);
                    redraw();
                }
                return;
            }
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
        let redraw = redraw.clone();
        move |ev: PointerEvent| {
            let Some(canvas) = canvas_ref.get() else {
                return;
            };
            let (x, y) = local(&canvas, &ev);
            let tap = inner
                .borrow_mut()
                .gestures
                .up(ev.pointer_id(), x, y, ev.time_stamp());
            match tap {
                // A second tap with a finger zooms in; a mouse has dblclick for that.
                Some(Tap::Double(tx, ty)) if ev.pointer_type() != "mouse" => {
                    if let Some(v) = inner.borrow_mut().view.as_mut() {
                        v.zoom_around(1.0, tx, ty);
                    }
                    redraw();
                }
                Some(Tap::Single(tx, ty) | Tap::Double(tx, ty)) => {
                    let view = inner.borrow().view;
                    if let Some(wants) = state.point_request.get_untracked() {
                        // A position was asked for: this tap is the answer, not a pick.
                        if let Some(v) = view {
                            state.point_request.set(None);
                            wants.run(state.scene.with_value(|s| s.lon_lat_at(&v, tx, ty)));
                        }
                        return;
                    }
                    let picked = view
                        .and_then(|v| pick_any(state, &v, tx, ty, pick_radius(&ev.pointer_type())));
                    match picked {
                        Some(((layer, feature), true)) => {
                            inspect.set(None);
                            state.selected.set(Some(Selected { layer, feature }));
                        }
                        Some((other, false)) => {
                            state.selected.set(None);
                            inspect.set(Some(other));
                        }
                        None => {
                            state.selected.set(None);
                            inspect.set(None);
                        }
                    }
                }
                None => {}
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
            if inner.borrow().last_pointer != "mouse" {
                return;
            }
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

    // Keys on the focused map: + and − zoom about the centre, arrows pan.
    let on_key = {
        let inner = inner.clone();
        let redraw = redraw.clone();
        move |ev: KeyboardEvent| {
            let mut i = inner.borrow_mut();
            let Some(v) = i.view.as_mut() else { return };
            let (cx, cy) = (v.width / 2.0, v.height / 2.0);
            match ev.key().as_str() {
                "+" | "=" => v.zoom_around(1.0, cx, cy),
                "-" | "_" => v.zoom_around(-1.0, cx, cy),
                "ArrowLeft" => v.pan_by(KEY_PAN_PX, 0.0),
                "ArrowRight" => v.pan_by(-KEY_PAN_PX, 0.0),
                "ArrowUp" => v.pan_by(0.0, KEY_PAN_PX),
                "ArrowDown" => v.pan_by(0.0, -KEY_PAN_PX),
                _ => return,
            }
            ev.prevent_default();
            drop(i);
            redraw();
        }
    };
    let zoom_by = {
        let inner = inner.clone();
        let redraw = redraw.clone();
        move |delta: f64| {
            if let Some(v) = inner.borrow_mut().view.as_mut() {
                let (cx, cy) = (v.width / 2.0, v.height / 2.0);
                v.zoom_around(delta, cx, cy);
            }
            redraw();
        }
    };
    let zoom_in = {
        let zoom_by = zoom_by.clone();
        move |_| zoom_by(1.0)
    };
    let zoom_out = move |_| zoom_by(-1.0);
    let fit_all = move |_| {
        if let Some(b) = state
            .project
            .with_value(|p| p.as_ref().and_then(|p| p.bounds()))
        {
            state.fit_request.set(Some(b));
        }
    };
    let take_snapshot = {
        let inner = inner.clone();
        move |_| {
            let view = inner.borrow().view;
            if let (Some(canvas), Some(view)) = (canvas_ref.get_untracked(), view) {
                if let Err(e) = snapshot::download(&canvas, state, view) {
                    web_sys::console::error_1(&e.into());
                }
            }
        }
    };

    view! {
        <canvas
            class="map-canvas"
            data-testid="map-canvas"
            tabindex="0"
            aria-label="地图：拖动平移，滚轮或双指缩放，+ − 和方向键"
            node_ref=canvas_ref
            on:pointerdown=on_down
            on:pointermove=on_move
            on:pointerup=on_up
            on:pointercancel=on_cancel
            on:wheel=on_wheel
            on:dblclick=on_dblclick
            on:keydown=on_key
        ></canvas>
        <div class="map-controls">
            <button data-testid="zoom-in" aria-label="放大" on:click=zoom_in>"+"</button>
            <button data-testid="zoom-out" aria-label="缩小" on:click=zoom_out>"−"</button>
            <button data-testid="fit-all" aria-label="全图" title="全图" on:click=fit_all>"⤢"</button>
            <button data-testid="snapshot" aria-label="导出地图截图" title="导出地图截图（PNG）" on:click=take_snapshot>"📷"</button>
        </div>
        <div class="scale-bar" id="scale-bar" data-testid="scale-bar" aria-label="比例尺">
            <span class="scale-line"></span>
            <span class="scale-label"></span>
        </div>
        <feature_info::FeatureInfo inspect=inspect />
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
fn request_frame(
    inner: &Rc<RefCell<MapInner>>,
    canvas_ref: NodeRef<Canvas>,
    state: AppState,
    inspect: RwSignal<Option<(usize, usize)>>,
) {
    if std::mem::replace(&mut inner.borrow_mut().frame_pending, true) {
        return;
    }
    let inner2 = inner.clone();
    let cb = Closure::once_into_js(move |now: f64| {
        inner2.borrow_mut().frame_pending = false;
        if let Some(canvas) = canvas_ref.get_untracked() {
            paint_frame(&inner2, &canvas, state, inspect, now);
            if inner2.borrow().url_dirty {
                // Write the fragment once the throttle allows, from a later frame.
                let inner3 = inner2.clone();
                let later = Closure::once_into_js(move || {
                    request_frame(&inner3, canvas_ref, state, inspect);
                });
                if let Some(w) = web_sys::window() {
                    let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(
                        later.unchecked_ref(),
                        450,
                    );
                }
            }
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
    inspect: RwSignal<Option<(usize, usize)>>,
    now: f64,
) {
    // One frame at a time: a split frame still waiting for its band asks again when done.
    if split_frame::in_flight() {
        inner.borrow_mut().again = true;
        return;
    }
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
    let mut view = match i.view.as_mut() {
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
            apply_hidden(state);
            v
        }
    };
    // A pan of the last rasterised frame, nothing else changed: snap it to whole device
    // pixels so the frame can move that one's pixels.
    let scene_rev = state.scene_rev();
    let mut shift = None;
    if let Some((prev, key)) = i.raster_view {
        if (key.scene_rev, key.dpr, key.size) == (scene_rev, dpr, (pw, ph)) {
            if let Some((snapped, dx, dy)) = view.snap_to_pixels(&prev, dpr) {
                view = snapped;
                i.view = Some(snapped);
                shift = Some((dx, dy, key.basemap));
            }
        }
    }
    i.url_dirty = now - i.last_url_write <= 400.0;
    if !i.url_dirty {
        i.last_url_write = now;
        let hidden: Vec<String> = state.scene.with_value(|s| {
            s.layers
                .iter()
                .filter(|l| !l.visible)
                .map(|l| l.id.clone())
                .collect()
        });
        url_view::write(&view, &hidden);
    }
    let hover = i.hover;
    drop(i);
    let Ok(Some(ctx)) = canvas.get_context("2d") else {
        return;
    };
    let ctx: CanvasRenderingContext2d = ctx.unchecked_into();
    let perf = window.performance();
    let now_ms = || perf.as_ref().map_or(0.0, |p| p.now());
    let t0 = now_ms();
    // Basemap (basemap helper): XYZ tiles under the vectors; a tile's arrival repaints.
    let basemap_drawn = basemap::draw(&ctx, &view, w, h, dpr, {
        let (inner, canvas) = (inner.clone(), canvas.clone());
        move || paint_frame(&inner, &canvas, state, inspect, 0.0)
    });
    let shift = shift
        .filter(|s| s.2 == basemap_drawn)
        .map(|(dx, dy, _)| (dx, dy))
        .filter(|&(dx, dy)| painter::can_shift(pw, ph, dx, dy));
    // A heavy whole frame is split with the map's worker (split_frame): its band's list
    // first, so it starts while the page lists its own.
    let cut = (shift.is_none() && !basemap_drawn)
        .then(|| split_frame::cut(ph as usize))
        .flatten();
    let t_list0 = now_ms();
    let finish = {
        let done = FrameDone {
            inner: inner.clone(),
            canvas: canvas.clone(),
            ctx: ctx.clone(),
            state,
            inspect,
            view,
            key: RasterKey {
                scene_rev,
                dpr,
                size: (pw, ph),
                basemap: basemap_drawn,
            },
            hover,
            t0,
        };
        move |painted, list_ms, counts| done.finish(painted, list_ms, counts)
    };
    if let Some(y0) = cut {
        let cut_css = y0 as f64 / dpr;
        let theirs = state
            .scene
            .with_value(|s| s.shapes_within(&view, &[[0.0, cut_css, w, h]]));
        let counts = (theirs.cmds.len(), theirs.features);
        let t_send = now_ms();
        let sent = split_frame::send(theirs.cmds, y0, (pw as usize, ph as usize), dpr);
        let t_mine = now_ms();
        // The worker's list and sending it, ms (the benchmark's breakdown; the page's own
        // list is the rest of `data-list-ms`).
        canvas
            .set_attribute(
                "data-list-parts",
                &format!("{:.2},{:.2}", t_send - t_list0, t_mine - t_send),
            )
            .ok();
        let mine = state
            .scene
            .with_value(|s| s.draw_list_within(&view, &[[0.0, 0.0, w, cut_css]]));
        let t_listed = now_ms();
        let counts = (counts.0 + mine.cmds.len(), counts.1 + mine.features);
        let list_ms = t_listed - t_list0;
        split_frame::paint(
            sent,
            &ctx,
            &mine.cmds,
            mine.labels,
            dpr,
            t_listed - t_mine,
            Box::new(move |painted| finish(painted, list_ms, counts)),
        );
        return;
    }
    // A shifted frame needs only the strips it uncovers (and the whole view's labels).
    let whole_list = || state.scene.with_value(|s| s.draw_list(&view));
    let mut list = match shift {
        Some((dx, dy)) => {
            let strips: Vec<[f64; 4]> = FrameRaster::uncovered(pw as usize, ph as usize, dx, dy)
                .into_iter()
                .map(|b| b.map(|v| v as f64 / dpr))
                .collect();
            state
                .scene
                .with_value(|s| s.draw_list_within(&view, &strips))
        }
        None => whole_list(),
    };
    let mut list_ms = now_ms() - t_list0;
    let mut painted = painter::paint(&ctx, &list, (w, h, dpr), basemap_drawn, shift);
    if painted == painter::Painted::Refused {
        let t = now_ms();
        list = whole_list();
        list_ms += now_ms() - t;
        painted = painter::paint(&ctx, &list, (w, h, dpr), basemap_drawn, None);
    }
    finish(painted, list_ms, (list.cmds.len(), list.features));
}

/// What a frame's end needs: for a split frame it comes a task after the frame began.
struct FrameDone {
    inner: Rc<RefCell<MapInner>>,
    canvas: HtmlCanvasElement,
    ctx: CanvasRenderingContext2d,
    state: AppState,
    inspect: RwSignal<Option<(usize, usize)>>,
    view: Viewport,
    key: RasterKey,
    hover: Option<(usize, usize)>,
    t0: f64,
}

impl FrameDone {
    /// Once the frame's pixels are on the canvas: the outlines over them, the scale bar,
    /// the canvas's report (`data-*`), and the frame asked for meanwhile.
    fn finish(self, painted: painter::Painted, list_ms: f64, (commands, features): (usize, usize)) {
        let FrameDone {
            inner,
            canvas,
            ctx,
            state,
            inspect,
            view,
            key,
            hover,
            t0,
        } = self;
        let now_ms = || {
            web_sys::window()
                .and_then(|w| w.performance())
                .map_or(0.0, |p| p.now())
        };
        canvas.set_attribute("data-raster", painted.as_str()).ok();
        inner.borrow_mut().raster_view = painted.kept().then_some((view, key));
        // Outlines on top: the selected site or inspected feature, then the hovered one.
        let selected = state
            .selected
            .get_untracked()
            .map(|s| (s.layer, s.feature))
            .or(inspect.get_untracked());
        for (li, fi) in selected.into_iter().chain(hover) {
            let cmds = state
                .scene
                .with_value(|s| s.highlight(&view, li, fi, HIGHLIGHT));
            painter::draw_cmds(&ctx, &cmds);
        }
        update_scale_bar(&view);
        // The frame's own work, for the map benchmark (tests/bench/map.mjs) and for
        // anyone asking why a view is slow: from the start of the paint to its pixels
        // on the canvas (for a split frame, including the wait for the worker's band).
        let paint_ms = now_ms() - t0;
        let parts = painter::last_parts();
        if painted != painter::Painted::Split {
            split_frame::note_frame(painted, parts.raster);
        }
        // Of which the draw list (geo-core's culling, simplification and projection),
        // and of the paint: rasterising (the page's band of a split frame), the
        // worker's band and the page's wait for it, putting the pixels, the labels (0
        // when drawn with canvas calls).
        for (name, ms) in [
            ("data-paint-ms", paint_ms),
            ("data-list-ms", list_ms),
            ("data-raster-ms", parts.raster),
            ("data-worker-ms", parts.worker),
            ("data-wait-ms", parts.wait),
            ("data-put-ms", parts.put),
            ("data-labels-ms", parts.labels),
        ] {
            canvas.set_attribute(name, &format!("{ms:.2}")).ok();
        }
        canvas
            .set_attribute("data-bands", &parts.bands.max(1).to_string())
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
        // For a split frame: both bands' commands and features (a feature in both
        // counted twice).
        canvas
            .set_attribute("data-commands", &commands.to_string())
            .ok();
        canvas
            .set_attribute("data-features", &features.to_string())
            .ok();
        let again = std::mem::take(&mut inner.borrow_mut().again);
        let redraw = inner.borrow().redraw.clone();
        if let (true, Some(redraw)) = (again, redraw) {
            redraw();
        }
    }
}

/// The site within `radius` px (sites win, with their 44 px touch target), else the topmost
/// other feature: `((layer, feature), is_site)`.
fn pick_any(
    state: AppState,
    view: &Viewport,
    x: f64,
    y: f64,
    radius: f64,
) -> Option<((usize, usize), bool)> {
    state.scene.with_value(|s| {
        s.pick_site(view, x, y, radius)
            .map(|p| (p, true))
            .or_else(|| s.pick(view, x, y, radius).map(|p| (p, false)))
    })
}

/// Shows the layers the fragment does not hide and hides those it does, when it says.
fn apply_hidden(state: AppState) {
    let Some(hidden) = url_view::fragment().and_then(|f| url_view::parse_hidden(&f)) else {
        return;
    };
    let layers: Vec<(usize, String, bool)> = state.scene.with_value(|s| {
        s.layers
            .iter()
            .enumerate()
            .map(|(i, l)| (i, l.id.clone(), l.visible))
            .collect()
    });
    for (i, id, visible) in layers {
        let want = !hidden.contains(&id);
        if want != visible {
            state.set_visible(i, want);
        }
    }
}

/// Sets the scale bar's length and label for the view (metres at the centre's latitude).
fn update_scale_bar(view: &Viewport) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(el) = doc.get_element_by_id("scale-bar") else {
        return;
    };
    let bar = scale_bar(view, 120.0);
    let (px, label, metres) =
        bar.map(|b| (b.px, b.label, b.metres))
            .unwrap_or((0.0, String::new(), 0.0));
    // Through the CSSOM: the CSP refuses style attributes.
    if let Some(line) = el
        .query_selector(".scale-line")
        .ok()
        .flatten()
        .and_then(|l| l.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = line.style().set_property("width", &format!("{px:.1}px"));
    }
    if let Ok(Some(text)) = el.query_selector(".scale-label") {
        text.set_text_content(Some(&label));
    }
    let _ = el.set_attribute("data-metres", &metres.to_string());
    let _ = el.set_attribute("data-px", &format!("{px:.2}"));
}
