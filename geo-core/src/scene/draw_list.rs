use crate::risk::Rgba;

/// Several subpaths in one flat run: subpath `k` is `points[ends[k - 1]..ends[k]]` (from 0
/// for the first). One allocation per command instead of one per ring, and the painter
/// walks it in one pass.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Path {
    pub points: Vec<[f32; 2]>,
    pub ends: Vec<u32>,
}

impl Path {
    /// The subpaths in order.
    pub fn subpaths(&self) -> impl Iterator<Item = &[[f32; 2]]> {
        let mut start = 0usize;
        self.ends.iter().map(move |&e| {
            let s = &self.points[start..e as usize];
            start = e as usize;
            s
        })
    }

    /// Closes the subpath begun after the last `end` (points pushed since).
    pub fn end_subpath(&mut self) {
        self.ends.push(self.points.len() as u32);
    }

    /// Drops points pushed since the last `end` (a subpath that came out too short).
    pub fn discard_open(&mut self) {
        let start = self.ends.last().copied().unwrap_or(0) as usize;
        self.points.truncate(start);
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
}

/// One thing to paint, in CSS pixels from the canvas's top-left corner.
///
/// Features that look the same are batched into one command, so a frame costs a few
/// canvas calls per colour rather than several per feature: that batching, not the
/// geometry work, is what keeps 100,000 markers inside a frame.
#[derive(Debug, Clone, PartialEq)]
pub enum DrawCmd {
    /// Polygons of one style, each subpath a ring, filled together with the non-zero rule:
    /// exteriors and holes are wound oppositely (the scene orients them), so holes stay
    /// open and overlapping polygons of one colour do not darken each other.
    Polygons {
        path: Path,
        fill: Rgba,
        stroke: Option<Rgba>,
        stroke_width: f32,
    },
    /// Polylines of one style.
    Lines {
        path: Path,
        stroke: Rgba,
        width: f32,
    },
    /// Point symbols of one style: circles, or diamonds for hazard sources.
    Markers {
        points: Vec<[f32; 2]>,
        radius: f32,
        fill: Rgba,
        stroke: Option<Rgba>,
        /// Outline width, CSS pixels.
        stroke_width: f32,
        diamond: bool,
    },
    /// Centred text with a halo, placed so that no two labels overlap.
    Label {
        x: f32,
        y: f32,
        text: String,
        font_px: f32,
    },
}

/// The commands for one frame: shapes bottom-up, then labels on top of every shape.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DrawList {
    pub cmds: Vec<DrawCmd>,
    pub labels: Vec<DrawCmd>,
    /// Features drawn (each counted once however many parts it has), for tests and the
    /// canvas's `data-features` attribute.
    pub features: usize,
    /// The batch the last path command was opened for.
    batch: Option<u64>,
}

impl DrawList {
    /// The path to add a polygon of `batch` to: the last command's when it is of that
    /// batch and style, else a new one. Batches are the scene's (a run of consecutive
    /// features of one colour, a few at most: [`super::Scene::draw_list`]), so file order
    /// is kept between colours, and which features share a command never depends on the
    /// view. Few features a command: a software-rasterised canvas fills one path of 2,000
    /// rings about twice as slowly as 2,000 paths, so batching only saves calls.
    pub fn polygon_path(
        &mut self,
        fill: Rgba,
        stroke: Option<Rgba>,
        stroke_width: f32,
        batch: u64,
    ) -> &mut Path {
        let same = self.batch == Some(batch)
            && matches!(self.cmds.last(), Some(DrawCmd::Polygons { fill: f, stroke: s, stroke_width: w, .. })
            if *f == fill && *s == stroke && *w == stroke_width);
        if !same {
            self.batch = Some(batch);
            self.cmds.push(DrawCmd::Polygons {
                path: Path::default(),
                fill,
                stroke,
                stroke_width,
            });
        }
        match self.cmds.last_mut() {
            Some(DrawCmd::Polygons { path, .. }) => path,
            _ => unreachable!("pushed above"),
        }
    }

    /// The path to add a polyline of `batch` to, as [`DrawList::polygon_path`].
    pub fn line_path(&mut self, stroke: Rgba, width: f32, batch: u64) -> &mut Path {
        let same = self.batch == Some(batch)
            && matches!(self.cmds.last(), Some(DrawCmd::Lines { stroke: s, width: w, .. })
            if *s == stroke && *w == width);
        if !same {
            self.batch = Some(batch);
            self.cmds.push(DrawCmd::Lines {
                path: Path::default(),
                stroke,
                width,
            });
        }
        match self.cmds.last_mut() {
            Some(DrawCmd::Lines { path, .. }) => path,
            _ => unreachable!("pushed above"),
        }
    }

    /// Drops commands left with no subpath (every ring came out under a pixel).
    pub fn drop_empty_tail(&mut self) {
        let empty = match self.cmds.last() {
            Some(DrawCmd::Polygons { path, .. } | DrawCmd::Lines { path, .. }) => path.is_empty(),
            Some(DrawCmd::Markers { points, .. }) => points.is_empty(),
            _ => false,
        };
        if empty {
            self.cmds.pop();
        }
    }

    /// Number of markers in the list.
    pub fn marker_count(&self) -> usize {
        self.cmds
            .iter()
            .map(|c| match c {
                DrawCmd::Markers { points, .. } => points.len(),
                _ => 0,
            })
            .sum()
    }

    /// Every ring or polyline of the list's polygon and line commands, in order.
    pub fn subpath_count(&self) -> usize {
        self.cmds
            .iter()
            .map(|c| match c {
                DrawCmd::Polygons { path, .. } | DrawCmd::Lines { path, .. } => path.ends.len(),
                _ => 0,
            })
            .sum()
    }
}
