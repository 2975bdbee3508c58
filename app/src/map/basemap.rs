//! The optional raster basemap (底图): XYZ tiles from the user's URL template, drawn on the
//! map canvas under the vectors. None by default, so no request leaves the page unless
//! the user configures a source.
//!
//! Which tiles and where come from `geo_core::scene::TileSource`; this module fetches,
//! caches and draws them:
//! - bytes are fetched with CORS and no credentials, kept in the Cache API
//!   (`xiantu-tiles`) so a reload without network still draws the tiles seen before;
//! - a response that is not `image/*` is refused, and tiles reach the canvas only as
//!   images decoded from a `blob:` URL (never HTML, and the canvas stays exportable);
//! - decoded images sit in a bounded in-memory LRU ([`MEMORY_TILES`]);
//! - while a tile loads, the nearest loaded ancestor is drawn scaled in its place;
//! - a tile's arrival repaints the map through the callback the frame passed in.
//!
//! The source setting lives in `localStorage` (read synchronously, so the first frame
//! already knows it) and in a signal that the settings dialog, the attribution and the
//! GCJ-02 display choice follow.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use geo_core::scene::{TileId, TileSource, Viewport};
use js_sys::Array;
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Blob, Cache, CanvasRenderingContext2d, HtmlImageElement, RequestCredentials, RequestInit,
    RequestMode, Response,
};

use crate::browser::js_error_text;

/// `localStorage` key of the saved source (JSON of `TileSource`; absent = no basemap).
const STORAGE_KEY: &str = "xiantu.basemap";
/// Cache API cache holding tile responses by URL.
const CACHE_NAME: &str = "xiantu-tiles";
/// Decoded tiles kept in memory: several screens' worth on a tablet.
const MEMORY_TILES: usize = 256;
/// Tiles kept in the Cache API (about 100 MB of typical 25 kB tiles); the oldest go first.
const CACHED_TILES: u32 = 4000;
/// Trim the Cache API after this many new tiles.
const TRIM_EVERY: u32 = 64;
/// Requests at a time; the rest start as earlier ones finish (centre first).
const MAX_IN_FLIGHT: usize = 8;
/// A failed tile is retried after this long.
const RETRY_MS: f64 = 30_000.0;
/// How far up the pyramid a loading tile looks for a stand-in.
const FALLBACK_LEVELS: u8 = 4;
/// Where no tile is drawn: the painter's plain background.
const BACKGROUND: &str = "#dfe9ef";

struct Tile {
    img: HtmlImageElement,
    blob_url: String,
    used: u64,
}

#[derive(Default)]
struct Basemap {
    /// The source the tiles below belong to.
    active: Option<TileSource>,
    /// Bumped on every source change; a tile from an older generation is dropped.
    generation: u32,
    tiles: HashMap<TileId, Tile>,
    pending: HashSet<TileId>,
    failed: HashMap<TileId, f64>,
    /// Frame counter for the LRU.
    clock: u64,
    /// Tiles of this generation decoded so far (errors show only while none did).
    loaded: u32,
    repaint: Option<Rc<dyn Fn()>>,
    repaint_scheduled: bool,
    puts: u32,
}

impl Basemap {
    fn reset(&mut self, source: Option<TileSource>) {
        for (_, t) in self.tiles.drain() {
            let _ = web_sys::Url::revoke_object_url(&t.blob_url);
        }
        self.pending.clear();
        self.failed.clear();
        self.loaded = 0;
        self.generation = self.generation.wrapping_add(1);
        self.active = source;
    }

    fn insert(&mut self, id: TileId, img: HtmlImageElement, blob_url: String) {
        while self.tiles.len() >= MEMORY_TILES {
            let Some(oldest) = self
                .tiles
                .iter()
                .min_by_key(|(_, t)| t.used)
                .map(|(k, _)| *k)
            else {
                break;
            };
            if let Some(t) = self.tiles.remove(&oldest) {
                let _ = web_sys::Url::revoke_object_url(&t.blob_url);
            }
        }
        self.tiles.insert(
            id,
            Tile {
                img,
                blob_url,
                used: self.clock,
            },
        );
    }
}

thread_local! {
    static BASEMAP: RefCell<Basemap> = RefCell::new(Basemap::default());
    static SOURCE: ArcRwSignal<Option<TileSource>> = ArcRwSignal::new(load_saved());
    static ERROR: ArcRwSignal<Option<String>> = ArcRwSignal::new(None);
}

/// The active basemap source (`None`: plain background). Reactive: the settings dialog,
/// the attribution and the GCJ-02 display choice follow it.
pub fn source_signal() -> ArcRwSignal<Option<TileSource>> {
    SOURCE.with(Clone::clone)
}

/// Why tiles do not show (every request so far failed), for the attribution line.
pub fn error_signal() -> ArcRwSignal<Option<String>> {
    ERROR.with(Clone::clone)
}

/// Whether vectors must be drawn in GCJ-02 right now (the active source is GCJ-02): what
/// a freshly built `Scene` should be given.
pub fn vectors_gcj02() -> bool {
    SOURCE.with(|s| geo_core::scene::vectors_gcj02(s.get_untracked().as_ref()))
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The saved source, if any and still valid.
fn load_saved() -> Option<TileSource> {
    let text = local_storage()?.get_item(STORAGE_KEY).ok().flatten()?;
    let source: TileSource = serde_json::from_str(&text).ok()?;
    source.validate().ok().map(|_| source)
}

/// Validates, saves and activates a source (`None` turns the basemap off); the map
/// repaints. A rejected template returns its message (Chinese / English) and changes
/// nothing.
pub fn set_source(source: Option<TileSource>) -> Result<(), String> {
    if let Some(s) = &source {
        s.validate().map_err(|e| e.to_string())?;
    }
    let store = local_storage().ok_or("本地存储不可用 / localStorage is not available")?;
    match &source {
        Some(s) => {
            let json = serde_json::to_string(s).map_err(|e| e.to_string())?;
            store
                .set_item(STORAGE_KEY, &json)
                .map_err(|e| js_error_text(&e))?;
        }
        None => {
            let _ = store.remove_item(STORAGE_KEY);
        }
    }
    ERROR.with(|e| e.set(None));
    SOURCE.with(|s| s.set(source));
    schedule_repaint();
    Ok(())
}

/// Draws the basemap for `view`: background, then the covering tiles (or a loaded
/// ancestor while a tile loads), and starts loading the missing ones; `repaint` is
/// called (on an animation frame) when tiles arrive. Leaves the context's transform at
/// `dpr`. Returns false, drawing nothing, when no basemap is set.
pub fn draw(
    ctx: &CanvasRenderingContext2d,
    view: &Viewport,
    w: f64,
    h: f64,
    dpr: f64,
    repaint: impl Fn() + 'static,
) -> bool {
    let source = SOURCE.with(|s| s.get_untracked());
    let mut b = BASEMAP.with(|b| std::mem::take(&mut *b.borrow_mut()));
    b.repaint = Some(Rc::new(repaint));
    if b.active != source {
        b.reset(source.clone());
    }
    let drawn = source.map(|src| draw_tiles(&mut b, &src, ctx, view, w, h, dpr));
    BASEMAP.with(|cell| *cell.borrow_mut() = b);
    if drawn.is_none() {
        if let Some(c) = ctx.canvas() {
            let _ = c.remove_attribute("data-basemap");
        }
    }
    drawn.is_some()
}

fn draw_tiles(
    b: &mut Basemap,
    src: &TileSource,
    ctx: &CanvasRenderingContext2d,
    view: &Viewport,
    w: f64,
    h: f64,
    dpr: f64,
) {
    b.clock += 1;
    let _ = ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0);
    ctx.set_fill_style_str(BACKGROUND);
    ctx.fill_rect(0.0, 0.0, w, h);
    let tiles = src.covering(view);
    let now = js_sys::Date::now();
    let mut shown = 0;
    for t in &tiles {
        // Edges snapped to device pixels so neighbours meet without a seam.
        let snap = |v: f64| (v * dpr).round() / dpr;
        let (x0, y0) = (snap(t.rect[0]), snap(t.rect[1]));
        let (x1, y1) = (snap(t.rect[0] + t.rect[2]), snap(t.rect[1] + t.rect[3]));
        if let Some(tile) = b.tiles.get_mut(&t.id) {
            tile.used = b.clock;
            let _ = ctx.draw_image_with_html_image_element_and_dw_and_dh(
                &tile.img,
                x0,
                y0,
                x1 - x0,
                y1 - y0,
            );
            shown += 1;
            continue;
        }
        for levels in 1..=FALLBACK_LEVELS {
            let Some((parent, [sx, sy, sw, sh])) = t.id.ancestor(levels) else {
                break;
            };
            if let Some(p) = b.tiles.get_mut(&parent) {
                p.used = b.clock;
                // The ancestor image may not be 256 px (retina tiles): scale the cut-out.
                let k = p.img.natural_width().max(1) as f64 / geo_core::scene::TILE_PX;
                let _ = ctx
                    .draw_image_with_html_image_element_and_sw_and_sh_and_dx_and_dy_and_dw_and_dh(
                        &p.img,
                        sx * k,
                        sy * k,
                        sw * k,
                        sh * k,
                        x0,
                        y0,
                        x1 - x0,
                        y1 - y0,
                    );
                break;
            }
        }
        let may_retry = b.failed.get(&t.id).is_none_or(|&at| now - at > RETRY_MS);
        if !b.pending.contains(&t.id) && may_retry && b.pending.len() < MAX_IN_FLIGHT {
            b.pending.insert(t.id);
            let (id, url, generation) = (t.id, src.url(t.id), b.generation);
            leptos::task::spawn_local(async move {
                let result = load(&url).await;
                arrived(id, generation, result);
            });
        }
    }
    // For tests and diagnosis: tiles drawn / tiles needed.
    if let Some(c) = ctx.canvas() {
        let _ = c.set_attribute("data-basemap", &format!("{shown}/{}", tiles.len()));
    }
}

/// Files a finished load (if its source is still active) and repaints.
fn arrived(id: TileId, generation: u32, result: Result<(HtmlImageElement, String), String>) {
    let stale = BASEMAP.with(|b| {
        let mut b = b.borrow_mut();
        if b.generation != generation {
            return true;
        }
        b.pending.remove(&id);
        match &result {
            Ok((img, url)) => {
                b.failed.remove(&id);
                b.loaded += 1;
                b.insert(id, img.clone(), url.clone());
            }
            Err(e) => {
                b.failed.insert(id, js_sys::Date::now());
                if b.loaded == 0 {
                    let msg = format!("底图瓦片加载失败 / basemap tiles failed: {e}");
                    ERROR.with(|s| s.set(Some(msg)));
                }
            }
        }
        false
    });
    match (stale, result) {
        (true, Ok((_, url))) => {
            let _ = web_sys::Url::revoke_object_url(&url);
        }
        (false, Ok(_)) => {
            ERROR.with(|s| {
                if s.get_untracked().is_some() {
                    s.set(None)
                }
            });
            schedule_repaint();
        }
        _ => {}
    }
}

/// One repaint on the next animation frame, however many tiles arrive before it.
fn schedule_repaint() {
    let first = BASEMAP.with(|b| !std::mem::replace(&mut b.borrow_mut().repaint_scheduled, true));
    if !first {
        return;
    }
    let cb = Closure::once_into_js(move || {
        let repaint = BASEMAP.with(|b| {
            let mut b = b.borrow_mut();
            b.repaint_scheduled = false;
            b.repaint.clone()
        });
        if let Some(r) = repaint {
            r();
        }
    });
    if let Some(w) = web_sys::window() {
        let _ = w.request_animation_frame(cb.unchecked_ref());
    }
}

/// The tile as a decoded image and the `blob:` URL it was decoded from.
async fn load(url: &str) -> Result<(HtmlImageElement, String), String> {
    let blob = fetch_tile(url).await?;
    let blob_url =
        web_sys::Url::create_object_url_with_blob(&blob).map_err(|e| js_error_text(&e))?;
    let img = HtmlImageElement::new().map_err(|e| js_error_text(&e))?;
    // Same-origin blob, but say it anyway: the canvas must never become tainted.
    img.set_cross_origin(Some("anonymous"));
    img.set_src(&blob_url);
    match JsFuture::from(img.decode()).await {
        Ok(_) => Ok((img, blob_url)),
        Err(e) => {
            let _ = web_sys::Url::revoke_object_url(&blob_url);
            Err(format!("{url}: {}", js_error_text(&e)))
        }
    }
}

async fn open_cache() -> Option<Cache> {
    // `caches` exists in secure contexts only (https, localhost); without it tiles are
    // still fetched, just not kept.
    let storage = web_sys::window()?.caches().ok()?;
    JsFuture::from(storage.open(CACHE_NAME))
        .await
        .ok()
        .map(JsCast::unchecked_into)
}

async fn blob_of(resp: &Response) -> Result<Blob, String> {
    let p = resp.blob().map_err(|e| js_error_text(&e))?;
    Ok(JsFuture::from(p)
        .await
        .map_err(|e| js_error_text(&e))?
        .unchecked_into())
}

/// The tile's bytes: from the cache, else from the network (then cached).
async fn fetch_tile(url: &str) -> Result<Blob, String> {
    let cache = open_cache().await;
    if let Some(c) = &cache {
        if let Ok(hit) = JsFuture::from(c.match_with_str(url)).await {
            if let Some(resp) = hit.dyn_ref::<Response>() {
                if let Ok(b) = blob_of(resp).await {
                    return Ok(b);
                }
            }
        }
    }
    let window = web_sys::window().ok_or("no window")?;
    let init = RequestInit::new();
    init.set_mode(RequestMode::Cors);
    init.set_credentials(RequestCredentials::Omit);
    let resp = JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await
        .map_err(|e| format!("{url}: {}", js_error_text(&e)))?;
    let resp: Response = resp.unchecked_into();
    if !resp.ok() {
        return Err(format!("{url}: HTTP {}", resp.status()));
    }
    let kind = resp
        .headers()
        .get("content-type")
        .ok()
        .flatten()
        .unwrap_or_default();
    if !kind.trim_start().to_ascii_lowercase().starts_with("image/") {
        return Err(format!("{url}: 不是图片 / not an image ({kind})"));
    }
    if let Some(c) = &cache {
        if let Ok(copy) = resp.clone() {
            if JsFuture::from(c.put_with_str(url, &copy)).await.is_ok() {
                let puts = BASEMAP.with(|b| {
                    let mut b = b.borrow_mut();
                    b.puts += 1;
                    b.puts
                });
                if puts.is_multiple_of(TRIM_EVERY) {
                    trim(c).await;
                }
            }
        }
    }
    blob_of(&resp).await
}

/// Keeps the newest [`CACHED_TILES`] entries (keys come back in insertion order).
async fn trim(cache: &Cache) {
    let Ok(keys) = JsFuture::from(cache.keys()).await else {
        return;
    };
    let keys = Array::from(&keys);
    let excess = keys.length().saturating_sub(CACHED_TILES);
    for k in keys.iter().take(excess as usize) {
        if let Some(req) = k.dyn_ref::<web_sys::Request>() {
            let _ = JsFuture::from(cache.delete_with_request(req)).await;
        }
    }
}
