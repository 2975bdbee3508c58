//! The only IndexedDB code. Records are stored as plain JS objects (via JSON) keyed by
//! their number, with an index on the site id; inspections likewise by id; photos and
//! signatures as `Blob`s keyed by photo id; user checklist templates by id.
//!
//! A write resolves only when its transaction has *committed*, so "已保存" on screen means
//! the record survives a reload or a killed tab.

use std::fmt;

use geo_core::inspection::{migrate, ChecklistTemplate, HiddenDanger, Inspection};
use js_sys::{Array, Promise, JSON};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    IdbDatabase, IdbObjectStore, IdbObjectStoreParameters, IdbOpenDbRequest, IdbRequest,
    IdbTransaction, IdbTransactionMode,
};

use crate::browser::js_error_text;

const DB_NAME: &str = "xiantu";
/// IndexedDB schema version; `upgrade` migrates from every older one.
const DB_VERSION: u32 = 3;
const DANGERS: &str = "hidden_dangers";
/// Saved risk-model documents, keyed by name (version 2).
const MODELS: &str = "models";
/// Inspections (排查记录), keyed by id, indexed by site id (version 3).
const INSPECTIONS: &str = "inspections";
/// Photo and signature bytes as `Blob`s, out-of-line keys = photo ids (version 3).
const PHOTOS: &str = "photos";
/// User checklist templates, keyed by id (version 3).
const TEMPLATES: &str = "templates";

mod quota;
pub use quota::{estimate, request_persistence};

/// A storage failure, with the operation that failed.
#[derive(Debug, Clone)]
pub struct StorageError {
    pub op: &'static str,
    pub msg: String,
}

impl fmt::Display for StorageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "本地存储失败（{}）/ storage failed ({}): {}",
            self.op, self.op, self.msg
        )
    }
}

fn err(op: &'static str) -> impl Fn(JsValue) -> StorageError {
    move |e| StorageError {
        op,
        msg: js_error_text(&e),
    }
}

/// Resolves with the request's result on success, rejects with its error.
fn request(req: &IdbRequest) -> JsFuture {
    let promise = Promise::new(&mut |resolve, reject| {
        let ok_req = req.clone();
        let on_ok = Closure::once_into_js(move || {
            let _ = resolve.call1(
                &JsValue::NULL,
                &ok_req.result().unwrap_or(JsValue::UNDEFINED),
            );
        });
        let err_req = req.clone();
        let on_err = Closure::once_into_js(move || {
            let e = err_req
                .error()
                .ok()
                .flatten()
                .map(JsValue::from)
                .unwrap_or(JsValue::UNDEFINED);
            let _ = reject.call1(&JsValue::NULL, &e);
        });
        req.set_onsuccess(Some(on_ok.unchecked_ref()));
        req.set_onerror(Some(on_err.unchecked_ref()));
    });
    JsFuture::from(promise)
}

/// Resolves when the transaction commits; rejects on error or abort.
fn committed(tx: &IdbTransaction) -> JsFuture {
    let promise = Promise::new(&mut |resolve, reject| {
        let on_ok = Closure::once_into_js(move || {
            let _ = resolve.call0(&JsValue::NULL);
        });
        let tx_err = tx.clone();
        let on_err = Closure::<dyn FnMut()>::new(move || {
            let e = tx_err
                .error()
                .map(JsValue::from)
                .unwrap_or_else(|| JsValue::from_str("transaction aborted"));
            let _ = reject.call1(&JsValue::NULL, &e);
        })
        .into_js_value();
        tx.set_oncomplete(Some(on_ok.unchecked_ref()));
        tx.set_onerror(Some(on_err.unchecked_ref()));
        tx.set_onabort(Some(on_err.unchecked_ref()));
    });
    JsFuture::from(promise)
}

/// Opens the database, creating or migrating it.
async fn open() -> Result<IdbDatabase, StorageError> {
    let e = err("open");
    let factory = web_sys::window()
        .ok_or_else(|| e(JsValue::from_str("no window")))?
        .indexed_db()
        .map_err(&e)?
        .ok_or_else(|| e(JsValue::from_str("IndexedDB is not available")))?;
    let open: IdbOpenDbRequest = factory.open_with_u32(DB_NAME, DB_VERSION).map_err(&e)?;
    let upgrade_req = open.clone();
    let on_upgrade = Closure::<dyn FnMut(web_sys::IdbVersionChangeEvent)>::new(
        move |ev: web_sys::IdbVersionChangeEvent| {
            if let Ok(db) = upgrade_req.result() {
                upgrade(&db.unchecked_into(), ev.old_version() as u32);
            }
        },
    );
    open.set_onupgradeneeded(Some(on_upgrade.as_ref().unchecked_ref()));
    let db = request(&open).await.map_err(&e)?;
    drop(on_upgrade);
    Ok(db.unchecked_into())
}

/// Schema migrations, one step per version.
fn upgrade(db: &IdbDatabase, old_version: u32) {
    if old_version < 1 {
        let params = IdbObjectStoreParameters::new();
        params.set_key_path(&JsValue::from_str("number"));
        if let Ok(store) = db.create_object_store_with_optional_parameters(DANGERS, &params) {
            let _ = store.create_index_with_str("site_id", "site_id");
        }
    }
    if old_version < 2 {
        let params = IdbObjectStoreParameters::new();
        params.set_key_path(&JsValue::from_str("name"));
        let _ = db.create_object_store_with_optional_parameters(MODELS, &params);
    }
    if old_version < 3 {
        let params = IdbObjectStoreParameters::new();
        params.set_key_path(&JsValue::from_str("id"));
        if let Ok(store) = db.create_object_store_with_optional_parameters(INSPECTIONS, &params) {
            let _ = store.create_index_with_str("site_id", "site_id");
        }
        let _ = db.create_object_store(PHOTOS);
        let params = IdbObjectStoreParameters::new();
        params.set_key_path(&JsValue::from_str("id"));
        let _ = db.create_object_store_with_optional_parameters(TEMPLATES, &params);
    }
}

/// Puts (inserts or replaces) `value` into `store`; resolves once the write committed.
async fn put(store: &str, op: &'static str, value: &JsValue) -> Result<(), StorageError> {
    put_keyed(store, op, value, None).await
}

/// [`put`] with an out-of-line key when the store has no key path.
async fn put_keyed(
    store: &str,
    op: &'static str,
    value: &JsValue,
    key: Option<&JsValue>,
) -> Result<(), StorageError> {
    let e = err(op);
    let db = open().await?;
    let result = async {
        let tx = db
            .transaction_with_str_and_mode(store, IdbTransactionMode::Readwrite)
            .map_err(&e)?;
        let os = tx.object_store(store).map_err(&e)?;
        match key {
            Some(k) => os.put_with_key(value, k),
            None => os.put(value),
        }
        .map_err(&e)?;
        committed(&tx).await.map_err(&e)
    }
    .await;
    db.close();
    result.map(|_| ())
}

/// A serde value as a plain JS object (through JSON, so it reads back the same).
fn to_js<T: serde::Serialize>(op: &'static str, value: &T) -> Result<JsValue, StorageError> {
    let json = serde_json::to_string(value).map_err(|x| StorageError {
        op,
        msg: x.to_string(),
    })?;
    JSON::parse(&json).map_err(err(op))
}

/// A stored JS object back as a serde value.
fn from_js<T: serde::de::DeserializeOwned>(
    op: &'static str,
    value: &JsValue,
) -> Result<T, StorageError> {
    let text = String::from(JSON::stringify(value).map_err(err(op))?);
    serde_json::from_str(&text).map_err(|x| StorageError {
        op,
        msg: format!("{x}: {text}"),
    })
}

/// Runs the one read request `make` builds on `store`; resolves with its result.
async fn read(
    store: &str,
    op: &'static str,
    make: impl FnOnce(&IdbObjectStore) -> Result<IdbRequest, JsValue>,
) -> Result<JsValue, StorageError> {
    let e = err(op);
    let db = open().await?;
    let result = async {
        let tx = db.transaction_with_str(store).map_err(&e)?;
        let req = make(&tx.object_store(store).map_err(&e)?).map_err(&e)?;
        request(&req).await.map_err(&e)
    }
    .await;
    db.close();
    result
}

/// Saves (inserts or replaces) a record; returns once it is committed.
pub async fn put_danger(d: &HiddenDanger) -> Result<(), StorageError> {
    put(DANGERS, "save", &to_js("save", d)?).await
}

/// The value under `key` in `store`; `None` when there is none.
async fn get(store: &str, op: &'static str, key: &str) -> Result<Option<JsValue>, StorageError> {
    let v = read(store, op, |s| s.get(&JsValue::from_str(key))).await?;
    Ok((!v.is_undefined()).then_some(v))
}

/// One record by number; `None` when there is none.
pub async fn get_danger(number: &str) -> Result<Option<HiddenDanger>, StorageError> {
    match get(DANGERS, "read", number).await? {
        Some(v) => Ok(decode(Array::of1(&v).into())?.pop()),
        None => Ok(None),
    }
}

fn decode(values: JsValue) -> Result<Vec<HiddenDanger>, StorageError> {
    let e = err("read");
    let mut out = Vec::new();
    for v in Array::from(&values).iter() {
        let text = JSON::stringify(&v).map_err(&e)?;
        let text = String::from(text);
        // Records saved by older versions are upgraded on read (and saved upgraded on
        // their next write).
        let d = serde_json::from_str(&text)
            .map_err(|x| x.to_string())
            .and_then(|v| migrate(v).map_err(|x| x.to_string()))
            .map_err(|x| StorageError {
                op: "read",
                msg: format!("{x}: {text}"),
            })?;
        out.push(d);
    }
    Ok(out)
}

/// Every value of `store` whose `site_id` index is `site_id`.
async fn for_site(store: &str, op: &'static str, site_id: &str) -> Result<JsValue, StorageError> {
    read(store, op, |s| {
        s.index("site_id")?
            .get_all_with_key(&JsValue::from_str(site_id))
    })
    .await
}

/// The records of one site, by number.
pub async fn dangers_for_site(site_id: &str) -> Result<Vec<HiddenDanger>, StorageError> {
    let mut out = decode(for_site(DANGERS, "read", site_id).await?)?;
    out.sort_by(|a, b| a.number.cmp(&b.number));
    Ok(out)
}

/// Every record number in storage (for numbering new records).
pub async fn all_numbers() -> Result<Vec<String>, StorageError> {
    let keys = read(DANGERS, "read", |store| store.get_all_keys()).await?;
    Ok(Array::from(&keys)
        .iter()
        .filter_map(|k| k.as_string())
        .collect())
}

/// Every hidden-danger record (for the open-danger counts the risk model uses).
pub async fn all_dangers() -> Result<Vec<HiddenDanger>, StorageError> {
    decode(read(DANGERS, "read", |store| store.get_all()).await?)
}

/// Saves a risk-model document under `name` (replacing one of that name).
pub async fn put_model(name: &str, json: &str) -> Result<(), StorageError> {
    let e = err("save model");
    let value = js_sys::Object::new();
    js_sys::Reflect::set(&value, &"name".into(), &name.into()).map_err(&e)?;
    js_sys::Reflect::set(&value, &"json".into(), &json.into()).map_err(&e)?;
    put(MODELS, "save model", &value).await
}

/// Saved models as (name, JSON), by name.
pub async fn all_models() -> Result<Vec<(String, String)>, StorageError> {
    let values = read(MODELS, "read models", |store| store.get_all()).await?;
    let field = |v: &JsValue, k: &str| {
        js_sys::Reflect::get(v, &k.into())
            .ok()
            .and_then(|x| x.as_string())
            .unwrap_or_default()
    };
    let mut out: Vec<(String, String)> = Array::from(&values)
        .iter()
        .map(|v| (field(&v, "name"), field(&v, "json")))
        .collect();
    out.sort();
    Ok(out)
}

/// Saves (inserts or replaces) an inspection; returns once it is committed.
pub async fn put_inspection(i: &Inspection) -> Result<(), StorageError> {
    put(
        INSPECTIONS,
        "save inspection",
        &to_js("save inspection", i)?,
    )
    .await
}

/// Adds a new inspection; `Ok(false)` when its id is taken (then nothing is written).
pub async fn add_inspection(i: &Inspection) -> Result<bool, StorageError> {
    let op = "save inspection";
    let e = err(op);
    let value = to_js(op, i)?;
    let db = open().await?;
    let result = async {
        let tx = db
            .transaction_with_str_and_mode(INSPECTIONS, IdbTransactionMode::Readwrite)
            .map_err(&e)?;
        tx.object_store(INSPECTIONS)
            .map_err(&e)?
            .add(&value)
            .map_err(&e)?;
        match committed(&tx).await {
            Ok(_) => Ok(true),
            Err(x)
                if x.dyn_ref::<web_sys::DomException>()
                    .is_some_and(|d| d.name() == "ConstraintError") =>
            {
                Ok(false)
            }
            Err(x) => Err(e(x)),
        }
    }
    .await;
    db.close();
    result
}

/// Every inspection id (for numbering new inspections).
pub async fn all_inspection_ids() -> Result<Vec<String>, StorageError> {
    let keys = read(INSPECTIONS, "read inspection", |store| store.get_all_keys()).await?;
    Ok(Array::from(&keys)
        .iter()
        .filter_map(|k| k.as_string())
        .collect())
}

/// One inspection by id.
pub async fn get_inspection(id: &str) -> Result<Option<Inspection>, StorageError> {
    get(INSPECTIONS, "read inspection", id)
        .await?
        .map(|v| from_js("read inspection", &v))
        .transpose()
}

/// The inspections of one site, newest first.
pub async fn inspections_for_site(site_id: &str) -> Result<Vec<Inspection>, StorageError> {
    let values = for_site(INSPECTIONS, "read inspection", site_id).await?;
    let mut out = Array::from(&values)
        .iter()
        .map(|v| from_js::<Inspection>("read inspection", &v))
        .collect::<Result<Vec<_>, _>>()?;
    out.sort_by(|a, b| (&b.date, &b.id).cmp(&(&a.date, &a.id)));
    Ok(out)
}

/// Saves a photo or signature image under its id; returns once it is committed.
pub async fn put_photo(id: &str, blob: &web_sys::Blob) -> Result<(), StorageError> {
    put_keyed(PHOTOS, "save photo", blob, Some(&JsValue::from_str(id))).await
}

/// Deletes stored images by id, in one transaction; returns once it is committed.
pub async fn delete_photos(ids: &[String]) -> Result<(), StorageError> {
    let e = err("delete photo");
    let db = open().await?;
    let result = async {
        let tx = db
            .transaction_with_str_and_mode(PHOTOS, IdbTransactionMode::Readwrite)
            .map_err(&e)?;
        let store = tx.object_store(PHOTOS).map_err(&e)?;
        for id in ids {
            store.delete(&JsValue::from_str(id)).map_err(&e)?;
        }
        committed(&tx).await.map_err(&e)
    }
    .await;
    db.close();
    result.map(|_| ())
}

/// A stored image, `None` when the id is unknown.
pub async fn get_photo(id: &str) -> Result<Option<web_sys::Blob>, StorageError> {
    Ok(get(PHOTOS, "read photo", id)
        .await?
        .and_then(|v| v.dyn_into::<web_sys::Blob>().ok()))
}

/// Every inspection.
pub async fn all_inspections() -> Result<Vec<Inspection>, StorageError> {
    let values = read(INSPECTIONS, "read inspection", |store| store.get_all()).await?;
    Array::from(&values)
        .iter()
        .map(|v| from_js::<Inspection>("read inspection", &v))
        .collect()
}

/// Saves a user checklist template (replacing one with its id).
pub async fn put_template(t: &ChecklistTemplate) -> Result<(), StorageError> {
    put(TEMPLATES, "save template", &to_js("save template", t)?).await
}

/// The user's checklist templates, by id.
pub async fn all_templates() -> Result<Vec<ChecklistTemplate>, StorageError> {
    let values = read(TEMPLATES, "read templates", |store| store.get_all()).await?;
    let mut out = Array::from(&values)
        .iter()
        .map(|v| from_js::<ChecklistTemplate>("read templates", &v))
        .collect::<Result<Vec<_>, _>>()?;
    out.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(out)
}

/// Deletes a user checklist template; inspections keep their copies of its items.
pub async fn delete_template(id: &str) -> Result<(), StorageError> {
    let op = "delete template";
    let e = err(op);
    let db = open().await?;
    let result = async {
        let tx = db
            .transaction_with_str_and_mode(TEMPLATES, IdbTransactionMode::Readwrite)
            .map_err(&e)?;
        tx.object_store(TEMPLATES)
            .map_err(&e)?
            .delete(&JsValue::from_str(id))
            .map_err(&e)?;
        committed(&tx).await.map_err(&e)
    }
    .await;
    db.close();
    result.map(|_| ())
}
