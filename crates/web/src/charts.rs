//! Charts and the map, drawn as SVG by plotters on the server: the estimate charts
//! (intervals over time, one band per destination and period, the best reading as a line),
//! an event's timeline, and the world map of destinations sized by workers.
//!
//! Plotters draws; this module chooses scales and colours and then lays one transparent,
//! focusable link (`<a><rect|circle class="hit">`) over each mark, at the pixel position
//! plotters itself computed for it, so each mark leads to the claims it rests on by mouse and
//! by keyboard. Every chart has a data table beside it on its page (the accessible reading
//! of the same figures), so the SVG is `aria-hidden` apart from its links' labels.
//!
//! The map's country shapes are Natural Earth's (public domain), packaged by the `world-data`
//! crate (MIT) and decoded once; they are thinned to about a quarter of a degree, enough at
//! the map's size. Nothing is fetched at run time. A country is placed at the centroid of
//! its largest polygon.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};
use plotters::prelude::*;

/// Colour-blind-safe palette (Okabe and Ito).
pub const PALETTE: [RGBColor; 7] = [
    RGBColor(0, 114, 178),
    RGBColor(213, 94, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(230, 159, 0),
    RGBColor(86, 180, 233),
    RGBColor(90, 90, 90),
];

/// A link laid over a mark, in pixels.
#[derive(Debug, Clone)]
struct Hit {
    href: String,
    label: String,
    shape: Shape,
}

#[derive(Debug, Clone, Copy)]
enum Shape {
    Rect { x0: i32, y0: i32, x1: i32, y1: i32 },
    Circle { x: i32, y: i32, r: i32 },
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Puts the links into plotters' SVG, before its closing tag, and marks the drawing as
/// decorative for screen readers except for the links.
fn with_hits(svg: String, hits: &[Hit], title: &str) -> String {
    let mut overlay = String::new();
    for h in hits {
        let _ = write!(overlay, r#"<a href="{}" aria-label="{}">"#, esc(&h.href), esc(&h.label));
        match h.shape {
            Shape::Rect { x0, y0, x1, y1 } => {
                let (x, y) = (x0.min(x1), y0.min(y1));
                let (w, hgt) = ((x1 - x0).abs().max(6), (y1 - y0).abs().max(6));
                let _ = write!(
                    overlay,
                    r#"<rect class="hit" x="{x}" y="{y}" width="{w}" height="{hgt}" fill="transparent"><title>{}</title></rect>"#,
                    esc(&h.label)
                );
            }
            Shape::Circle { x, y, r } => {
                let _ = write!(
                    overlay,
                    r#"<circle class="hit" cx="{x}" cy="{y}" r="{}" fill="transparent"><title>{}</title></circle>"#,
                    r.max(6),
                    esc(&h.label)
                );
            }
        }
        overlay.push_str("</a>");
    }
    let svg = svg.replacen("<svg ", &format!(r#"<svg role="img" aria-label="{}" "#, esc(title)), 1);
    match svg.rfind("</svg>") {
        Some(i) => format!("{}{overlay}{}", &svg[..i], &svg[i..]),
        None => svg,
    }
}

fn day(d: NaiveDate) -> f64 {
    f64::from(d.num_days_from_ce())
}

fn date_label(x: f64) -> String {
    NaiveDate::from_num_days_from_ce_opt(x.round() as i32)
        .map(|d| d.format("%b %Y").to_string())
        .unwrap_or_default()
}

/// A number on an axis: 1.2k, 3.4M.
fn short(v: f64) -> String {
    let a = v.abs();
    if a >= 1e6 {
        format!("{:.1}M", v / 1e6)
    } else if a >= 1e3 {
        format!("{:.1}k", v / 1e3)
    } else {
        format!("{v:.0}")
    }
}

/// One interval on the time axis.
#[derive(Debug, Clone)]
pub struct Band {
    /// Which series (destination) it belongs to; also the legend.
    pub series: String,
    pub start: NaiveDate,
    /// Inclusive.
    pub end: NaiveDate,
    pub low: f64,
    pub best: f64,
    /// `None`: no upper bound.
    pub high: Option<f64>,
    pub href: String,
    pub label: String,
}

/// Intervals over time, coloured by series: what the estimates page shows per measure.
pub fn interval_chart(title: &str, y_label: &str, bands: &[Band]) -> Result<String, String> {
    const W: u32 = 880;
    const H: u32 = 340;
    if bands.is_empty() {
        return Ok(String::new());
    }
    let series: Vec<&str> = {
        let mut s: Vec<&str> = bands.iter().map(|b| b.series.as_str()).collect();
        s.sort();
        s.dedup();
        s
    };
    let colour = |name: &str| PALETTE[series.iter().position(|s| *s == name).unwrap_or(0) % PALETTE.len()];
    let x0 = bands.iter().map(|b| day(b.start)).fold(f64::INFINITY, f64::min) - 20.0;
    let x1 = bands.iter().map(|b| day(b.end) + 1.0).fold(f64::NEG_INFINITY, f64::max) + 20.0;
    let top =
        bands.iter().map(|b| b.high.unwrap_or(b.low * 1.5).max(b.best)).fold(0.0, f64::max).max(1.0) * 1.12;
    let mut svg = String::new();
    let mut hits = Vec::new();
    {
        let root = SVGBackend::with_string(&mut svg, (W, H)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        let mut chart = ChartBuilder::on(&root)
            .margin(12)
            .x_label_area_size(32)
            .y_label_area_size(64)
            .build_cartesian_2d(x0..x1, 0.0..top)
            .map_err(|e| e.to_string())?;
        chart
            .configure_mesh()
            .x_labels(6)
            .y_labels(6)
            .x_label_formatter(&|x| date_label(*x))
            .y_label_formatter(&|y| short(*y))
            .x_label_style(("sans-serif", 14))
            .y_label_style(("sans-serif", 14))
            .y_desc(y_label)
            .light_line_style(RGBColor(235, 235, 235))
            .draw()
            .map_err(|e| e.to_string())?;
        for name in &series {
            let c = colour(name);
            let mine: Vec<&Band> = bands.iter().filter(|b| b.series == *name).collect();
            chart
                .draw_series(mine.iter().map(|b| {
                    let hi = b.high.unwrap_or(top);
                    Rectangle::new([(day(b.start), b.low), (day(b.end) + 1.0, hi)], c.mix(0.25).filled())
                }))
                .map_err(|e| e.to_string())?;
            chart
                .draw_series(mine.iter().map(|b| {
                    PathElement::new(
                        vec![(day(b.start), b.best), (day(b.end) + 1.0, b.best)],
                        c.stroke_width(3),
                    )
                }))
                .map_err(|e| e.to_string())?
                .label(name.to_string())
                .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 14, y + 5)], c.filled()));
            for b in mine {
                let (px0, py0) = chart.backend_coord(&(day(b.start), b.high.unwrap_or(top)));
                let (px1, py1) = chart.backend_coord(&(day(b.end) + 1.0, b.low));
                hits.push(Hit {
                    href: b.href.clone(),
                    label: b.label.clone(),
                    shape: Shape::Rect { x0: px0, y0: py0, x1: px1, y1: py1 },
                });
            }
        }
        chart
            .configure_series_labels()
            .label_font(("sans-serif", 14))
            .position(SeriesLabelPosition::UpperLeft)
            .background_style(WHITE.mix(0.85))
            .border_style(RGBColor(180, 180, 180))
            .draw()
            .map_err(|e| e.to_string())?;
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(with_hits(svg, &hits, title))
}

/// One row of an event's timeline.
#[derive(Debug, Clone)]
pub struct Span {
    /// The row's label (the source).
    pub row: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub href: String,
    pub label: String,
}

/// A small timeline: one row per source, each claim's time range as a bar.
pub fn timeline(title: &str, spans: &[Span]) -> Result<String, String> {
    if spans.is_empty() {
        return Ok(String::new());
    }
    let rows: Vec<&str> = {
        let mut r: Vec<&str> = spans.iter().map(|s| s.row.as_str()).collect();
        r.sort();
        r.dedup();
        r
    };
    let h = 60 + 26 * rows.len() as u32;
    let x0 = spans.iter().map(|s| day(s.start)).fold(f64::INFINITY, f64::min) - 10.0;
    let x1 = spans.iter().map(|s| day(s.end) + 1.0).fold(f64::NEG_INFINITY, f64::max) + 10.0;
    let mut svg = String::new();
    let mut hits = Vec::new();
    {
        let root = SVGBackend::with_string(&mut svg, (720, h)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        let labels = rows.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let mut chart = ChartBuilder::on(&root)
            .margin(10)
            .x_label_area_size(28)
            .y_label_area_size(230)
            .build_cartesian_2d(x0..x1, -0.5..(rows.len() as f64 - 0.5))
            .map_err(|e| e.to_string())?;
        chart
            .configure_mesh()
            .x_labels(5)
            .y_labels(rows.len().max(1))
            .x_label_formatter(&|x| date_label(*x))
            .y_label_formatter(&|y| {
                let i = y.round();
                if (y - i).abs() < 0.01 && i >= 0.0 {
                    labels.get(i as usize).cloned().unwrap_or_default()
                } else {
                    String::new()
                }
            })
            .x_label_style(("sans-serif", 13))
            .y_label_style(("sans-serif", 13))
            .disable_y_mesh()
            .draw()
            .map_err(|e| e.to_string())?;
        for s in spans {
            let i = rows.iter().position(|r| *r == s.row).unwrap_or(0);
            let y = i as f64;
            let c = PALETTE[i % PALETTE.len()];
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(day(s.start), y - 0.3), (day(s.end) + 1.0, y + 0.3)],
                    c.mix(0.7).filled(),
                )))
                .map_err(|e| e.to_string())?;
            let (px0, py0) = chart.backend_coord(&(day(s.start), y + 0.3));
            let (px1, py1) = chart.backend_coord(&(day(s.end) + 1.0, y - 0.3));
            hits.push(Hit {
                href: s.href.clone(),
                label: s.label.clone(),
                shape: Shape::Rect { x0: px0, y0: py0, x1: px1, y1: py1 },
            });
        }
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(with_hits(svg, &hits, title))
}

// ------------------------------------------------------------------ map

/// A country's thinned outline rings (lon, lat) and where its bubble goes.
struct Shape2 {
    rings: Vec<Vec<(f64, f64)>>,
    centre: (f64, f64),
}

/// Degrees below which consecutive outline points are merged.
const THIN: f64 = 0.25;

fn ring_area(r: &[(f64, f64)]) -> f64 {
    r.windows(2).map(|w| w[0].0 * w[1].1 - w[1].0 * w[0].1).sum::<f64>() / 2.0
}

fn ring_centroid(r: &[(f64, f64)]) -> (f64, f64) {
    let a = ring_area(r);
    if a.abs() < 1e-9 {
        let n = r.len().max(1) as f64;
        return (r.iter().map(|p| p.0).sum::<f64>() / n, r.iter().map(|p| p.1).sum::<f64>() / n);
    }
    let (mut cx, mut cy) = (0.0, 0.0);
    for w in r.windows(2) {
        let f = w[0].0 * w[1].1 - w[1].0 * w[0].1;
        cx += (w[0].0 + w[1].0) * f;
        cy += (w[0].1 + w[1].1) * f;
    }
    (cx / (6.0 * a), cy / (6.0 * a))
}

fn shapes() -> &'static BTreeMap<String, Shape2> {
    static SHAPES: OnceLock<BTreeMap<String, Shape2>> = OnceLock::new();
    SHAPES.get_or_init(|| {
        let data = world_data::load();
        let mut out = BTreeMap::new();
        for (code, country) in data.countries {
            let mut rings: Vec<Vec<(f64, f64)>> = Vec::new();
            for poly in &country.polygons {
                let mut ring: Vec<(f64, f64)> = Vec::new();
                for c in poly.exterior().0.iter() {
                    let p = (f64::from(c.x), f64::from(c.y));
                    match ring.last() {
                        Some(l) if (l.0 - p.0).abs() < THIN && (l.1 - p.1).abs() < THIN => {}
                        _ => ring.push(p),
                    }
                }
                if ring.len() >= 4 {
                    rings.push(ring);
                }
            }
            rings.sort_by(|a, b| ring_area(b).abs().total_cmp(&ring_area(a).abs()));
            let Some(largest) = rings.first() else { continue };
            let centre = ring_centroid(largest);
            // Tiny islands vanish at this scale; the largest ring always stays.
            let keep: Vec<Vec<(f64, f64)>> = rings
                .iter()
                .enumerate()
                .filter(|(i, r)| *i == 0 || ring_area(r).abs() > 0.3)
                .map(|(_, r)| r.clone())
                .collect();
            out.insert(code, Shape2 { rings: keep, centre });
        }
        out
    })
}

/// Whether the packaged shapes know a country (ISO 3166-1 alpha-2).
pub fn knows_country(code: &str) -> bool {
    shapes().contains_key(code)
}

/// A bubble on the map.
#[derive(Debug, Clone)]
pub struct Bubble {
    pub country: String,
    pub workers: f64,
    pub href: String,
    pub label: String,
}

/// The world map with a bubble per destination country, its area proportional to workers.
pub fn world_map(title: &str, bubbles: &[Bubble]) -> Result<String, String> {
    const W: u32 = 960;
    const H: u32 = 400;
    let shapes = shapes();
    let max = bubbles.iter().map(|b| b.workers).fold(0.0, f64::max).max(1.0);
    let mut svg = String::new();
    let mut hits = Vec::new();
    {
        let root = SVGBackend::with_string(&mut svg, (W, H)).into_drawing_area();
        root.fill(&RGBColor(234, 242, 248)).map_err(|e| e.to_string())?;
        let mut chart = ChartBuilder::on(&root)
            .build_cartesian_2d(-180.0..180.0, -58.0..84.0)
            .map_err(|e| e.to_string())?;
        let marked: Vec<&str> = bubbles.iter().map(|b| b.country.as_str()).collect();
        for (code, s) in shapes {
            let fill = if marked.contains(&code.as_str()) {
                RGBColor(200, 200, 185)
            } else {
                RGBColor(222, 222, 212)
            };
            chart
                .draw_series(s.rings.iter().map(|r| Polygon::new(r.clone(), fill.filled())))
                .map_err(|e| e.to_string())?;
            chart
                .draw_series(s.rings.iter().map(|r| PathElement::new(r.clone(), WHITE.stroke_width(1))))
                .map_err(|e| e.to_string())?;
        }
        for b in bubbles {
            let Some(s) = shapes.get(&b.country) else { continue };
            let r = (6.0 + 34.0 * (b.workers / max).sqrt()).round() as i32;
            chart
                .draw_series(std::iter::once(Circle::new(s.centre, r, PALETTE[1].mix(0.55).filled())))
                .map_err(|e| e.to_string())?;
            chart
                .draw_series(std::iter::once(Circle::new(s.centre, r, PALETTE[1].stroke_width(2))))
                .map_err(|e| e.to_string())?;
            let (x, y) = chart.backend_coord(&s.centre);
            hits.push(Hit { href: b.href.clone(), label: b.label.clone(), shape: Shape::Circle { x, y, r } });
        }
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(with_hits(svg, &hits, title))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_chart_has_one_link_per_band_and_no_inline_style() {
        let bands = vec![
            Band {
                series: "UA".into(),
                start: d("2022-01-01"),
                end: d("2022-12-31"),
                low: 1100.0,
                best: 1200.0,
                high: Some(1300.0),
                href: "/claims?ids=c-1".into(),
                label: "UA 2022: 1,100–1,300".into(),
            },
            Band {
                series: "RU".into(),
                start: d("2023-01-01"),
                end: d("2023-12-31"),
                low: 10_000.0,
                best: 15_000.0,
                high: None,
                href: "/claims?ids=c-2&x=<".into(),
                label: "RU 2023".into(),
            },
        ];
        let svg = interval_chart("Workers", "workers", &bands).unwrap();
        assert_eq!(svg.matches(r#"<a href="#).count(), 2);
        assert!(svg.contains(r#"href="/claims?ids=c-2&amp;x=&lt;""#));
        assert!(svg.contains(r#"role="img" aria-label="Workers""#));
        assert!(!svg.contains("style="), "the CSP forbids inline styles");
    }

    #[test]
    fn the_map_knows_the_destinations_and_places_a_bubble() {
        for c in ["RU", "UA", "CN", "QA", "KP"] {
            assert!(knows_country(c), "{c}");
        }
        let svg = world_map(
            "Map",
            &[Bubble {
                country: "RU".into(),
                workers: 15_000.0,
                href: "/claims?ids=c-1".into(),
                label: "Russia".into(),
            }],
        )
        .unwrap();
        assert_eq!(svg.matches("<circle class=\"hit\"").count(), 1);
        assert!(svg.len() < 2_000_000, "the map stays light: {} bytes", svg.len());
        assert!(!svg.contains("style="));
    }
}
