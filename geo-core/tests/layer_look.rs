//! Per-layer looks on the demo project: the defaults draw what the map drew before, a
//! restyle changes the fills, the opacity fades every colour, and each layer's legend
//! lists exactly the colours its features are drawn in.

use std::collections::BTreeSet;

use geo_core::import::read_geojson;
use geo_core::layer::{Layer, LayerRole};
use geo_core::look::{ColourBy, LayerLook, Ramp};
use geo_core::project::Project;
use geo_core::risk::{Grade, Palette, Rgba};
use geo_core::scene::{zone_fill, Breaks, DrawCmd, LegendSymbol, Palette as Ramps, Viewport};

fn demo(name: &str) -> Layer {
    let path = format!("{}/../public/demo/{name}", env!("CARGO_MANIFEST_DIR"));
    read_geojson(name, &std::fs::read(&path).unwrap())
        .unwrap()
        .layer
}

fn project() -> Project {
    Project::new(
        geo_core::demo::DEMO_LAYERS
            .iter()
            .map(|n| demo(n))
            .collect(),
        Default::default(),
    )
}

fn index_of(p: &Project, id: &str) -> usize {
    p.layers.iter().position(|l| l.meta.id == id).unwrap()
}

fn all_fills(p: &Project, li: usize) -> Vec<Rgba> {
    p.fills(li, 0..p.layers[li].features.len(), &Palette::default())
        .unwrap()
}

fn key(c: Rgba) -> (u8, u8, u8, u8) {
    (c.0, c.1, c.2, c.3)
}

/// The promise: the legend's colours (impact rings aside) are exactly the drawn fills.
fn assert_legend_matches(p: &Project, li: usize) {
    let fills: BTreeSet<_> = all_fills(p, li).into_iter().map(key).collect();
    let g = p.legend(li, &Palette::default()).unwrap();
    assert_eq!(g.layer_id, p.layers[li].meta.id);
    assert_eq!(g.title, p.layers[li].meta.name);
    let listed: BTreeSet<_> = g
        .entries
        .iter()
        .filter(|e| !e.label.starts_with("影响范围"))
        .map(|e| key(e.fill))
        .collect();
    assert_eq!(listed, fills, "{}: {g:?}", p.layers[li].meta.id);
    assert!(g.entries.iter().all(|e| !e.label.is_empty()));
}

#[test]
fn default_looks_draw_what_the_map_drew_before() {
    let p = project();
    let palette = Palette::default();
    let sites = index_of(&p, "enterprises");
    let grades: Vec<Rgba> = (0..p.layers[sites].features.len())
        .map(|fi| palette.colour(p.grade(sites, fi)))
        .collect();
    assert_eq!(all_fills(&p, sites), grades);

    let surge = index_of(&p, "storm_surge");
    let style = p.look(surge).unwrap().style;
    assert_eq!(style.fill, Rgba(0x8d, 0x6e, 0x63, 110), "third zone hue");
    let zones: Vec<Rgba> = p.layers[surge]
        .features
        .iter()
        .map(|f| {
            zone_fill(
                &style,
                p.layers[surge].meta.level_of(&f.text("class").unwrap()),
            )
        })
        .collect();
    assert_eq!(all_fills(&p, surge), zones);

    // 海沧区 holds E0001 (重大): light red.
    let districts = index_of(&p, "districts");
    let haicang = p.layers[districts]
        .features
        .iter()
        .position(|f| f.text("name").as_deref() == Some("海沧区"))
        .unwrap();
    assert_eq!(
        all_fills(&p, districts)[haicang],
        palette.major.with_alpha(90)
    );
    for li in 0..p.layers.len() {
        assert_eq!(p.look(li).unwrap().opacity, 1.0);
        assert_legend_matches(&p, li);
    }
}

#[test]
fn default_legends_read_in_chinese() {
    let p = project();
    let palette = Palette::default();
    let labels = |id: &str| -> Vec<String> {
        p.legend(index_of(&p, id), &palette)
            .unwrap()
            .entries
            .into_iter()
            .map(|e| e.label)
            .collect()
    };
    assert_eq!(
        labels("enterprises"),
        ["重大风险", "较大风险", "一般风险", "低风险"]
    );
    assert_eq!(labels("storm_surge"), ["高", "中", "低"]);
    assert_eq!(labels("geohazard"), ["高易发", "中易发", "低易发"]);
    let sources = labels("hazard_sources");
    assert_eq!(sources[0], "重大危险源");
    assert!(
        sources.iter().any(|l| l.starts_with("影响范围")),
        "{sources:?}"
    );
    let g = p.legend(index_of(&p, "enterprises"), &palette).unwrap();
    assert!(g.entries.iter().all(|e| e.symbol == LegendSymbol::Circle));
    let g = p.legend(index_of(&p, "hazard_sources"), &palette).unwrap();
    assert_eq!(g.entries[0].symbol, LegendSymbol::Diamond);
    let g = p.legend(index_of(&p, "districts"), &palette).unwrap();
    assert!(g.entries.iter().all(|e| e.symbol == LegendSymbol::Area));
}

#[test]
fn opacity_fades_fills_strokes_legend_and_rings() {
    let mut p = project();
    let palette = Palette::default();
    for li in 0..p.layers.len() {
        let before = all_fills(&p, li);
        let legend_before = p.legend(li, &palette).unwrap();
        let mut look = p.look(li).unwrap().clone();
        look.opacity = 0.5;
        p.set_look(li, look.clone());
        let half = |c: Rgba| c.with_alpha((c.3 as f32 * 0.5).round() as u8);
        let after = all_fills(&p, li);
        assert_eq!(after, before.iter().map(|c| half(*c)).collect::<Vec<_>>());
        let st = p.layer_style(li);
        assert_eq!(st.fill, half(look.style.fill));
        assert_eq!(st.stroke, look.style.stroke.map(half));
        let legend_after = p.legend(li, &palette).unwrap();
        assert_eq!(legend_after.entries.len(), legend_before.entries.len());
        for (a, b) in legend_after.entries.iter().zip(&legend_before.entries) {
            assert_eq!(a.fill, half(b.fill), "{}", a.label);
        }
        assert_legend_matches(&p, li);
    }
    // Out-of-range opacities are clamped; NaN draws as opaque.
    let li = index_of(&p, "districts");
    let mut look = p.look(li).unwrap().clone();
    look.opacity = f32::NAN;
    assert_eq!(look.drawn_style(), look.style);
    look.opacity = 7.0;
    assert_eq!(look.drawn_style(), look.style);
    look.opacity = -1.0;
    assert_eq!(look.drawn_style().fill.3, 0);
}

#[test]
fn a_single_colour_zone_layer_draws_one_fill() {
    let mut p = project();
    let li = index_of(&p, "storm_surge");
    let mut look = p.look(li).unwrap().clone();
    look.recolour(&p.layers[li], ColourBy::Single, "", look.ramp);
    look.style.fill = Rgba(0x12, 0x34, 0x56, 200);
    look.opacity = 0.6;
    p.set_look(li, look);
    let want = Rgba(0x12, 0x34, 0x56, 120);
    assert!(all_fills(&p, li).iter().all(|c| *c == want));
    let g = p.legend(li, &Palette::default()).unwrap();
    assert_eq!(g.entries.len(), 1);
    assert_eq!(
        (g.entries[0].label.as_str(), g.entries[0].fill),
        ("风暴潮淹没区", want)
    );
}

#[test]
fn sites_by_category_show_categories_instead_of_grades() {
    let mut p = project();
    let li = index_of(&p, "enterprises");
    let mut look = p.look(li).unwrap().clone();
    let ramp = Ramp {
        palette: Ramps::Category,
        ..Ramp::default()
    };
    look.recolour(&p.layers[li], ColourBy::Categories, "行业", ramp);
    assert_eq!(look.colour_by(), ColourBy::Categories);
    assert_eq!(look.field(), Some("行业"));
    p.set_look(li, look);
    let g = p.legend(li, &Palette::default()).unwrap();
    let labels: Vec<&str> = g.entries.iter().map(|e| e.label.as_str()).collect();
    assert_eq!(
        labels.len(),
        12,
        "12 industries, no 其他 needed: {labels:?}"
    );
    assert!(labels.contains(&"化工") && !labels.contains(&"其他"));
    assert!(!labels.contains(&"重大风险"));
    let fills = all_fills(&p, li);
    let (_, e1) = p.find_site("E0001").unwrap();
    let chem = g.entries.iter().find(|e| e.label == "化工").unwrap().fill;
    assert_eq!(fills[e1], chem);
    assert_ne!(fills[e1], Palette::default().major);
    // Every site of one industry shares its colour.
    for (f, c) in p.layers[li].features.iter().zip(&fills) {
        let want = g
            .entries
            .iter()
            .find(|e| Some(&e.label) == f.text("行业").as_ref());
        assert_eq!(Some(*c), want.map(|e| e.fill));
    }
    assert_legend_matches(&p, li);

    // Back to the assessment: grade colours again.
    let mut look = p.look(li).unwrap().clone();
    look.recolour(&p.layers[li], ColourBy::Assessment, "", ramp);
    p.set_look(li, look);
    assert_eq!(all_fills(&p, li)[e1], Palette::default().major);
}

#[test]
fn graduated_headcount_follows_the_breaks() {
    let mut p = project();
    let li = index_of(&p, "enterprises");
    for method in [Breaks::Quantile, Breaks::EqualInterval] {
        let mut look = p.look(li).unwrap().clone();
        let ramp = Ramp {
            palette: Ramps::Blues,
            classes: 4,
            method,
        };
        look.recolour(&p.layers[li], ColourBy::Graduated, "从业人数", ramp);
        let geo_core::scene::Symbology::Graduated { breaks, fills, .. } = look.symbology.clone()
        else {
            panic!("not graduated")
        };
        assert_eq!(fills.len(), breaks.len() + 1);
        assert_eq!(fills.len(), 4);
        p.set_look(li, look);
        let drawn = all_fills(&p, li);
        for (f, c) in p.layers[li].features.iter().zip(&drawn) {
            let v = f.number("从业人数").unwrap();
            let class = breaks.partition_point(|b| *b <= v);
            assert_eq!(*c, fills[class]);
        }
        let g = p.legend(li, &Palette::default()).unwrap();
        assert!(g.entries[0].label.starts_with("< "), "{g:?}");
        assert!(g.entries.last().unwrap().label.starts_with("≥ "), "{g:?}");
        assert!(
            !g.entries.iter().any(|e| e.label == "无数据"),
            "every site has a headcount"
        );
        assert_legend_matches(&p, li);
    }
    // Graduated hazard zones by a text field: one class of 无数据, listed as such.
    let z = index_of(&p, "geohazard");
    let mut look = p.look(z).unwrap().clone();
    look.recolour(&p.layers[z], ColourBy::Graduated, "class", Ramp::default());
    p.set_look(z, look);
    let g = p.legend(z, &Palette::default()).unwrap();
    assert_eq!(g.entries.len(), 1);
    assert_eq!(g.entries[0].label, "无数据");
    assert_legend_matches(&p, z);
}

#[test]
fn every_choice_on_every_demo_layer_keeps_the_legend_matching() {
    let mut p = project();
    for li in 0..p.layers.len() {
        let fields = p.layer_fields(li);
        assert!(!fields.is_empty());
        let role = p.layers[li].meta.role;
        for by in ColourBy::choices(role) {
            for field in &fields {
                for palette in Ramps::ALL {
                    for opacity in [1.0, 0.35] {
                        let mut look = p.look(li).unwrap().clone();
                        let ramp = Ramp {
                            palette,
                            classes: 3,
                            method: Breaks::EqualInterval,
                        };
                        look.recolour(&p.layers[li], by, field, ramp);
                        look.opacity = opacity;
                        p.set_look(li, look);
                        assert_legend_matches(&p, li);
                    }
                }
            }
        }
        assert_eq!(
            ColourBy::choices(role).contains(&ColourBy::Assessment),
            role != LayerRole::Sources
        );
    }
}

#[test]
fn moving_layers_keeps_looks_scores_and_changes_draw_order() {
    let mut p = project();
    let palette = Palette::default();
    let grades = |p: &Project| -> Vec<(String, Grade)> {
        let li = index_of(p, "enterprises");
        (0..p.layers[li].features.len())
            .map(|fi| (p.site_id(li, fi), p.grade(li, fi)))
            .collect()
    };
    let before = grades(&p);
    let scores_before: Vec<f64> = {
        let li = index_of(&p, "enterprises");
        (0..p.layers[li].features.len())
            .map(|fi| p.site_score(li, fi).unwrap().score)
            .collect()
    };
    let looks_before: Vec<(String, LayerLook)> = (0..p.layers.len())
        .map(|li| (p.layers[li].meta.id.clone(), p.look(li).unwrap().clone()))
        .collect();
    let ids = |p: &Project| -> Vec<String> { p.layers.iter().map(|l| l.meta.id.clone()).collect() };
    assert_eq!(
        ids(&p),
        [
            "districts",
            "geohazard",
            "waterlogging",
            "storm_surge",
            "hazard_sources",
            "enterprises"
        ]
    );
    // Zone layers swap (their order is what the zone index and factors refer to), then
    // the sources go to the bottom, then the sites below the zones.
    assert!(p.move_layer(3, 1));
    assert!(p.move_layer(4, 0));
    assert!(p.move_layer(5, 1));
    assert_eq!(
        ids(&p),
        [
            "hazard_sources",
            "enterprises",
            "districts",
            "storm_surge",
            "geohazard",
            "waterlogging"
        ]
    );
    assert_eq!(grades(&p), before);
    let li = index_of(&p, "enterprises");
    let scores_after: Vec<f64> = (0..p.layers[li].features.len())
        .map(|fi| p.site_score(li, fi).unwrap().score)
        .collect();
    assert_eq!(scores_after, scores_before);
    for (id, look) in &looks_before {
        assert_eq!(
            p.look(index_of(&p, id)).unwrap(),
            look,
            "{id} keeps its look"
        );
    }
    // The reasons still name the right zones.
    let (sl, e1) = p.find_site("E0001").unwrap();
    let a = p.assessment(sl, e1).unwrap();
    assert!(
        a.reasons.iter().any(|r| r.layer_name == "风暴潮淹没区"),
        "{:?}",
        a.reasons
    );
    for li in 0..p.layers.len() {
        assert_legend_matches(&p, li);
    }
    // Draw order follows: at E0001 the site marker is now under the surge zone.
    let scene = p.scene(&palette);
    let view = Viewport::from_lon_lat(118.045, 24.47, 17.0, 400.0, 300.0);
    let list = scene.draw_list(&view);
    let marker = list
        .cmds
        .iter()
        .position(|c| matches!(c, DrawCmd::Markers { fill, .. } if *fill == palette.major))
        .unwrap();
    let surge_fill = p.look(index_of(&p, "storm_surge")).unwrap().style.fill;
    let zone = list
        .cmds
        .iter()
        .rposition(|c| matches!(c, DrawCmd::Polygons { fill, .. } if (fill.0, fill.1, fill.2) == (surge_fill.0, surge_fill.1, surge_fill.2)))
        .unwrap();
    assert!(marker < zone);
    assert!(!p.move_layer(0, 6));
    assert!(!p.move_layer(9, 0));
    assert!(p.move_layer(2, 2));
}

#[test]
fn looks_round_trip_through_json() {
    let p = project();
    let li = index_of(&p, "enterprises");
    let mut look = p.look(li).unwrap().clone();
    look.recolour(
        &p.layers[li],
        ColourBy::Graduated,
        "从业人数",
        Ramp {
            palette: Ramps::Viridis,
            classes: 6,
            method: Breaks::EqualInterval,
        },
    );
    look.opacity = 0.4;
    look.style.stroke = None;
    let text = serde_json::to_string(&look).unwrap();
    assert!(text.contains("\"fill\":\"#909090ff\""), "{text}");
    assert_eq!(serde_json::from_str::<LayerLook>(&text).unwrap(), look);
    let z = p.look(index_of(&p, "geohazard")).unwrap();
    let text = serde_json::to_string(z).unwrap();
    assert_eq!(&serde_json::from_str::<LayerLook>(&text).unwrap(), z);
    let bad = text.replace("#7b61ff6e", "#7b61zz6e");
    assert_ne!(bad, text);
    assert!(serde_json::from_str::<LayerLook>(&bad).is_err());
}

#[test]
fn suggested_fields_suit_the_choice() {
    use geo_core::look::suggest_field;
    let sites = demo("enterprises.geojson");
    assert_eq!(
        suggest_field(&sites, ColourBy::Graduated).as_deref(),
        Some("从业人数")
    );
    assert_eq!(
        suggest_field(&sites, ColourBy::Categories).as_deref(),
        Some("区")
    );
    let zones = demo("storm_surge.geojson");
    assert_eq!(
        suggest_field(&zones, ColourBy::Categories).as_deref(),
        Some("class")
    );
    assert_eq!(suggest_field(&zones, ColourBy::Single), None);
}

#[test]
fn sites_graduated_by_their_score() {
    use geo_core::look::SCORE_FIELD;
    let mut p = project();
    let li = index_of(&p, "enterprises");
    assert_eq!(p.colour_fields(li, ColourBy::Graduated)[0], SCORE_FIELD);
    assert!(!p
        .colour_fields(li, ColourBy::Categories)
        .contains(&SCORE_FIELD.to_string()));
    assert!(!p
        .colour_fields(index_of(&p, "districts"), ColourBy::Graduated)
        .contains(&SCORE_FIELD.to_string()));
    let mut look = p.look(li).unwrap().clone();
    let ramp = Ramp {
        palette: Ramps::Reds,
        classes: 5,
        method: Breaks::Quantile,
    };
    // No field given: a site layer's classes are of its score.
    p.recolour_look(li, &mut look, ColourBy::Graduated, None, ramp);
    assert_eq!(look.field(), Some(SCORE_FIELD));
    let geo_core::scene::Symbology::Graduated { breaks, fills, .. } = look.symbology.clone() else {
        panic!("not graduated")
    };
    assert!(!breaks.is_empty() && breaks.iter().all(|b| (0.0..=100.0).contains(b)));
    p.set_look(li, look);
    let drawn = all_fills(&p, li);
    for (fi, c) in drawn.iter().enumerate() {
        let s = p.site_score(li, fi).unwrap().score;
        assert_eq!(*c, fills[breaks.partition_point(|b| *b <= s)]);
    }
    assert!(drawn.iter().map(|c| key(*c)).collect::<BTreeSet<_>>().len() >= 2);
    assert_legend_matches(&p, li);
    // Other fields and layers go through the data.
    let mut look = p.look(li).unwrap().clone();
    p.recolour_look(li, &mut look, ColourBy::Categories, None, ramp);
    assert_eq!(look.field(), Some("区"));
}

#[test]
fn a_zone_layer_added_in_slices_has_the_legend_of_one_built_at_once() {
    let whole = project();
    let mut layers: Vec<Layer> = geo_core::demo::DEMO_LAYERS
        .iter()
        .map(|n| demo(n))
        .collect();
    let surge = layers.remove(3);
    assert_eq!(surge.meta.id, "storm_surge");
    let mut p = Project::new(layers, Default::default());
    let n = surge.features.len();
    let li = p.insert_layer(3, surge);
    // Before any slice: nothing drawn, nothing listed.
    assert!(p
        .legend(li, &Palette::default())
        .unwrap()
        .entries
        .is_empty());
    for start in (0..n).step_by(3) {
        p.add_range(li, start..(start + 3).min(n));
    }
    let palette = Palette::default();
    assert_eq!(p.legend(li, &palette), whole.legend(3, &palette));
    assert_legend_matches(&p, li);
}

/// A layer of roads as lines among the demo layers.
fn with_roads() -> (Project, usize) {
    let roads = r#"{"type":"FeatureCollection","xiantu":{"name":"道路","role":"areas"},"features":[
      {"type":"Feature","properties":{"name":"港南路","类型":"主干道"},"geometry":{"type":"LineString","coordinates":[[118.03,24.46],[118.06,24.48]]}},
      {"type":"Feature","properties":{"name":"海新路","类型":"次干道"},"geometry":{"type":"LineString","coordinates":[[118.03,24.48],[118.06,24.46]]}},
      {"type":"Feature","properties":{"name":"兴港路","类型":"主干道"},"geometry":{"type":"LineString","coordinates":[[118.04,24.45],[118.05,24.49]]}}]}"#;
    let mut layers: Vec<Layer> = geo_core::demo::DEMO_LAYERS
        .iter()
        .map(|n| demo(n))
        .collect();
    layers.push(
        read_geojson("roads.geojson", roads.as_bytes())
            .unwrap()
            .layer,
    );
    let p = Project::new(layers, Default::default());
    let li = p.layers.len() - 1;
    (p, li)
}

/// The colours of the line commands a view of the roads draws.
fn drawn_line_colours(p: &Project, li: usize) -> BTreeSet<(u8, u8, u8, u8)> {
    let mut scene = p.scene(&Palette::default());
    for l in 0..scene.layers.len() {
        scene.layers[l].visible = l == li;
    }
    let view = Viewport::fit([118.02, 24.44, 118.07, 24.50], 800.0, 600.0, 10.0);
    scene
        .draw_list(&view)
        .cmds
        .iter()
        .filter_map(|c| match c {
            DrawCmd::Lines { stroke, path, .. } if !path.is_empty() => Some(key(*stroke)),
            _ => None,
        })
        .collect()
}

#[test]
fn lines_are_drawn_in_the_colours_their_legend_shows() {
    let (mut p, li) = with_roads();
    let style = p.look(li).unwrap().style;
    // One colour: lines in the layer's stroke (an area's pale fill would vanish as a line),
    // and the legend's line swatch in that stroke.
    let stroke = key(style.stroke.unwrap());
    assert_eq!(drawn_line_colours(&p, li), BTreeSet::from([stroke]));
    let g = p.legend(li, &Palette::default()).unwrap();
    assert!(g.entries.iter().all(|e| e.symbol == LegendSymbol::Line));
    assert_eq!(
        g.entries
            .iter()
            .map(|e| key(e.fill))
            .collect::<BTreeSet<_>>(),
        BTreeSet::from([stroke])
    );
    assert_legend_matches(&p, li);

    // By category: each road type in its own colour, on the map and in the legend.
    let mut look = p.look(li).unwrap().clone();
    let ramp = Ramp {
        palette: Ramps::Category,
        ..Ramp::default()
    };
    look.recolour(&p.layers[li], ColourBy::Categories, "类型", ramp);
    p.set_look(li, look);
    let g = p.legend(li, &Palette::default()).unwrap();
    let colour = |label: &str| key(g.entries.iter().find(|e| e.label == label).unwrap().fill);
    let (main, minor) = (colour("主干道"), colour("次干道"));
    assert_ne!(main, minor);
    assert_eq!(drawn_line_colours(&p, li), BTreeSet::from([main, minor]));
    assert_legend_matches(&p, li);
}
