//! Interval arithmetic for estimates: a figure as (low, best, high), with an upper bound
//! that may be open ("more than 1,000").
//!
//! It owns the invariant `0 <= low <= best <= high` and the operations the estimate needs:
//! adding figures of distinct events, multiplying workers by earnings, intersecting two
//! readings, and reconciling several readings of one figure ([`Interval::consensus`]). It
//! deliberately knows nothing of claims or events; `estimate` decides what to combine.
//!
//! All quantities here are non-negative (people, money), which is what makes the product of
//! two intervals the product of their bounds.

use std::fmt;

use crate::Count;

/// A non-negative figure with its uncertainty: `low <= best <= high`, `high == None` for an
/// open upper bound.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    low: f64,
    best: f64,
    high: Option<f64>,
}

impl Interval {
    /// The interval, or `None` when a bound is negative or not finite, or the bounds are out
    /// of order.
    pub fn new(low: f64, best: f64, high: Option<f64>) -> Option<Interval> {
        let finite = low.is_finite() && best.is_finite() && high.is_none_or(f64::is_finite);
        let ordered = 0.0 <= low && low <= best && high.is_none_or(|h| best <= h);
        (finite && ordered).then_some(Interval { low, best, high })
    }

    /// One exact value.
    pub fn point(v: f64) -> Option<Interval> {
        Interval::new(v, v, Some(v))
    }

    /// Nothing: the neutral element of [`Interval::add`].
    pub const ZERO: Interval = Interval { low: 0.0, best: 0.0, high: Some(0.0) };

    /// A count as stated. "About 300" stays 300–300: the text gives no margin, and inventing
    /// one would add precision no source gave. A range gives its midpoint as the best
    /// reading; "more than 1,000" gives 1,000 as low and best with no upper bound; "up to
    /// 28,000" gives 0 as low (the most conservative reading) and 28,000 as best.
    pub fn from_count(c: &Count) -> Interval {
        Interval::from_bounds(c.min(), c.max())
    }

    /// The same reading rule as [`Interval::from_count`] for any pair of optional bounds.
    pub fn from_bounds(min: Option<u64>, max: Option<u64>) -> Interval {
        // Counts and money in claims are below 2^53, so the conversion is exact.
        let (min, max) = (min.map(|v| v as f64), max.map(|v| v as f64));
        match (min, max) {
            (Some(a), Some(b)) if a <= b => Interval { low: a, best: (a + b) / 2.0, high: Some(b) },
            (Some(a), Some(b)) => Interval { low: b, best: (a + b) / 2.0, high: Some(a) },
            (Some(a), None) => Interval { low: a, best: a, high: None },
            (None, Some(b)) => Interval { low: 0.0, best: b, high: Some(b) },
            (None, None) => Interval::ZERO,
        }
    }

    pub fn low(&self) -> f64 {
        self.low
    }
    pub fn best(&self) -> f64 {
        self.best
    }
    /// The upper bound, `None` when open.
    pub fn high(&self) -> Option<f64> {
        self.high
    }

    /// Whether `v` lies within the bounds.
    pub fn contains(&self, v: f64) -> bool {
        self.low <= v && self.high.is_none_or(|h| v <= h)
    }

    /// The sum of figures of distinct things (round 1 plus round 2).
    pub fn add(&self, other: &Interval) -> Interval {
        Interval {
            low: self.low + other.low,
            best: self.best + other.best,
            high: self.high.zip(other.high).map(|(a, b)| a + b),
        }
    }

    /// The product of two non-negative figures (workers × earnings per worker).
    pub fn mul(&self, other: &Interval) -> Interval {
        let high = match (self.high, other.high) {
            (Some(a), Some(b)) => Some(a * b),
            // An open bound times zero is still zero.
            (Some(0.0), None) => Some(0.0),
            (None, Some(0.0)) => Some(0.0),
            _ => None,
        };
        Interval { low: self.low * other.low, best: self.best * other.best, high }
    }

    /// Every bound multiplied by a non-negative factor (a period conversion); `None` for a
    /// negative or non-finite factor.
    pub fn scale(&self, k: f64) -> Option<Interval> {
        (k.is_finite() && k >= 0.0).then(|| Interval {
            low: self.low * k,
            best: self.best * k,
            high: self.high.map(|h| h * k),
        })
    }

    /// Whether the two share a value.
    pub fn overlaps(&self, other: &Interval) -> bool {
        self.low <= other.high.unwrap_or(f64::INFINITY) && other.low <= self.high.unwrap_or(f64::INFINITY)
    }

    /// The values both readings allow, with the best reading clamped into them; `None` when
    /// they do not overlap (a contradiction).
    pub fn intersect(&self, other: &Interval) -> Option<Interval> {
        let low = self.low.max(other.low);
        let high = match (self.high, other.high) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        if high.is_some_and(|h| h < low) {
            return None;
        }
        let best = ((self.best + other.best) / 2.0).max(low);
        let best = high.map_or(best, |h| best.min(h));
        Some(Interval { low, best, high })
    }

    /// Several readings of one figure reconciled, never summed: the lowest low (the most
    /// conservative reading, as ACLED does), the highest stated upper bound — open only when
    /// no reading closes it, and never below an open reading's low — and the median of the
    /// best readings. `None` for no readings.
    pub fn consensus(readings: &[Interval]) -> Option<Interval> {
        let first = readings.first()?;
        let low = readings.iter().map(|r| r.low).fold(first.low, f64::min);
        let open_floor = readings.iter().filter(|r| r.high.is_none()).map(|r| r.low).reduce(f64::max);
        let high = readings
            .iter()
            .filter_map(|r| r.high)
            .reduce(f64::max)
            .map(|h| open_floor.map_or(h, |f| h.max(f)));
        let mut bests: Vec<f64> = readings.iter().map(|r| r.best).collect();
        bests.sort_by(f64::total_cmp);
        let mid = bests.len() / 2;
        let median = if bests.len() % 2 == 1 { bests[mid] } else { (bests[mid - 1] + bests[mid]) / 2.0 };
        let best = high.map_or(median, |h| median.min(h)).max(low);
        Some(Interval { low, best, high })
    }
}

impl serde::Serialize for Interval {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Interval", 3)?;
        st.serialize_field("low", &self.low)?;
        st.serialize_field("best", &self.best)?;
        st.serialize_field("high", &self.high)?;
        st.end()
    }
}

impl fmt::Display for Interval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.high {
            Some(h) if h == self.low => write!(f, "{}", group(self.low)),
            Some(h) => write!(f, "{}–{} (best {})", group(self.low), group(h), group(self.best)),
            None => write!(f, "{} or more (best {})", group(self.low), group(self.best)),
        }
    }
}

/// A whole number with thousands separators, rounded: "660,000".
pub fn group(v: f64) -> String {
    let n = v.round() as i128;
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn iv(low: f64, best: f64, high: Option<f64>) -> Interval {
        Interval::new(low, best, high).unwrap()
    }

    #[test]
    fn constructor_refuses_disorder_and_negatives() {
        assert!(Interval::new(2.0, 1.0, Some(3.0)).is_none());
        assert!(Interval::new(-1.0, 0.0, Some(3.0)).is_none());
        assert!(Interval::new(1.0, 2.0, Some(1.5)).is_none());
        assert!(Interval::new(1.0, f64::NAN, None).is_none());
        assert_eq!(Interval::new(1.0, 2.0, None).unwrap().high(), None);
    }

    #[test]
    fn counts_read_as_stated() {
        let about = Interval::from_count(&Count::about(300));
        assert_eq!((about.low(), about.best(), about.high()), (300.0, 300.0, Some(300.0)));
        let range = Interval::from_count(&Count::new(Some(800), Some(1000), true).unwrap());
        assert_eq!((range.low(), range.best(), range.high()), (800.0, 900.0, Some(1000.0)));
        let more = Interval::from_count(&Count::new(Some(1000), None, true).unwrap());
        assert_eq!((more.low(), more.best(), more.high()), (1000.0, 1000.0, None));
        let up_to = Interval::from_count(&Count::new(None, Some(28_000), false).unwrap());
        assert_eq!((up_to.low(), up_to.best(), up_to.high()), (0.0, 28_000.0, Some(28_000.0)));
    }

    #[test]
    fn founding_report_revenue_is_660k_to_910k() {
        let round1 = Interval::from_bounds(Some(800), Some(1000));
        let round2 = Interval::from_bounds(Some(300), Some(300));
        let wage = Interval::from_bounds(Some(600), Some(700));
        let workers = round1.add(&round2);
        assert_eq!((workers.low(), workers.best(), workers.high()), (1100.0, 1200.0, Some(1300.0)));
        let revenue = round1.mul(&wage).add(&round2.mul(&wage));
        assert_eq!((revenue.low(), revenue.high()), (660_000.0, Some(910_000.0)));
        assert_eq!(revenue.best(), 900.0 * 650.0 + 300.0 * 650.0);
    }

    #[test]
    fn intersection_of_disjoint_readings_is_none() {
        assert!(iv(1.0, 1.0, Some(2.0)).intersect(&iv(3.0, 3.0, Some(4.0))).is_none());
        let i = iv(800.0, 900.0, Some(1000.0)).intersect(&iv(900.0, 1000.0, None)).unwrap();
        assert_eq!((i.low(), i.best(), i.high()), (900.0, 950.0, Some(1000.0)));
    }

    #[test]
    fn consensus_is_conservative_low_and_median_best() {
        let c = Interval::consensus(&[
            iv(300.0, 300.0, Some(300.0)),
            iv(250.0, 280.0, Some(320.0)),
            iv(1000.0, 1000.0, None),
        ])
        .unwrap();
        assert_eq!((c.low(), c.best(), c.high()), (250.0, 300.0, Some(1000.0)));
        assert!(Interval::consensus(&[]).is_none());
        let open = Interval::consensus(&[iv(1000.0, 1000.0, None)]).unwrap();
        assert_eq!(open.high(), None);
    }

    #[test]
    fn open_bounds_stay_open_except_times_zero() {
        let open = iv(1000.0, 1000.0, None);
        assert_eq!(open.add(&Interval::ZERO).high(), None);
        assert_eq!(open.mul(&Interval::ZERO).high(), Some(0.0));
        assert_eq!(open.mul(&iv(1.0, 1.0, Some(2.0))).high(), None);
    }

    #[test]
    fn display_groups_thousands() {
        assert_eq!(group(910_000.0), "910,000");
        assert_eq!(group(999.0), "999");
        assert_eq!(iv(660_000.0, 780_000.0, Some(910_000.0)).to_string(), "660,000–910,000 (best 780,000)");
        assert_eq!(iv(300.0, 300.0, Some(300.0)).to_string(), "300");
    }

    fn arb_interval() -> impl Strategy<Value = Interval> {
        (0u32..100_000, 0u32..100_000, 0u32..100_000, any::<bool>()).prop_map(|(a, b, c, open)| {
            let mut v = [a as f64, b as f64, c as f64];
            v.sort_by(f64::total_cmp);
            Interval::new(v[0], v[1], (!open).then_some(v[2])).unwrap()
        })
    }

    /// A value inside the interval, chosen by `t` in [0, 1].
    fn pick(i: &Interval, t: f64) -> f64 {
        let hi = i.high().unwrap_or(i.low() * 2.0 + 10.0);
        i.low() + (hi - i.low()) * t
    }

    proptest! {
        #[test]
        fn sum_contains_every_sum_of_members(a in arb_interval(), b in arb_interval(), s in 0.0..=1.0f64, t in 0.0..=1.0f64) {
            let (x, y) = (pick(&a, s), pick(&b, t));
            let sum = a.add(&b);
            prop_assert!(sum.contains(x + y));
            prop_assert!(sum.contains(sum.best()));
            prop_assert!(Interval::new(sum.low(), sum.best(), sum.high()).is_some());
        }

        #[test]
        fn product_contains_every_product_of_members(a in arb_interval(), b in arb_interval(), s in 0.0..=1.0f64, t in 0.0..=1.0f64) {
            let (x, y) = (pick(&a, s), pick(&b, t));
            let p = a.mul(&b);
            prop_assert!(p.low() <= x * y + 1e-6);
            prop_assert!(p.high().is_none_or(|h| x * y <= h + 1e-6 * h.max(1.0)));
            prop_assert!(Interval::new(p.low(), p.best(), p.high()).is_some());
        }

        #[test]
        fn add_and_mul_commute(a in arb_interval(), b in arb_interval()) {
            prop_assert_eq!(a.add(&b), b.add(&a));
            prop_assert_eq!(a.mul(&b), b.mul(&a));
        }

        #[test]
        fn intersection_lies_within_both(a in arb_interval(), b in arb_interval(), t in 0.0..=1.0f64) {
            match a.intersect(&b) {
                Some(i) => {
                    prop_assert!(a.overlaps(&b));
                    let v = pick(&i, t);
                    prop_assert!(a.contains(v) && b.contains(v));
                    prop_assert!(i.contains(i.best()));
                }
                None => prop_assert!(!a.overlaps(&b)),
            }
        }

        #[test]
        fn consensus_spans_every_reading(rs in proptest::collection::vec(arb_interval(), 1..8)) {
            let c = Interval::consensus(&rs).unwrap();
            prop_assert!(Interval::new(c.low(), c.best(), c.high()).is_some());
            for r in &rs {
                prop_assert!(c.low() <= r.low());
                if let (Some(ch), Some(rh)) = (c.high(), r.high()) { prop_assert!(rh <= ch); }
            }
            // Reconciling never sums: the consensus of copies is the reading itself.
            let copies = vec![rs[0]; rs.len()];
            prop_assert_eq!(Interval::consensus(&copies).unwrap(), rs[0]);
        }
    }
}
