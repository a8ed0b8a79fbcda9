//! Hashed linear models: a training-time averaged-perceptron table and a
//! compact quantised inference table, plus the binary (de)serialisation helpers.
//!
//! Layout: `rows x nclass`, one contiguous row of class weights per hashed
//! feature, so scoring a feature is a single streaming add over the row.

use crate::{Error, Result};

/// A hint to the CPU to fetch the cache line holding `p` (no effect on
/// results; a no-op on targets without a prefetch instruction).
#[inline(always)]
fn prefetch<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: prefetching never faults, whatever the address.
    unsafe {
        std::arch::x86_64::_mm_prefetch(p as *const i8, std::arch::x86_64::_MM_HINT_T0);
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// Maps a feature hash to a row index of a table with `2^bits` rows.
#[inline(always)]
pub fn row_of(h: u64, bits: u32) -> usize {
    (h.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - bits)) as usize
}

/// Averaged perceptron weights for training (lazy averaging trick:
/// `avg = w - u / c`, where `u` accumulates `c * delta`).
pub struct AvgTable {
    /// log2 of the number of rows.
    pub bits: u32,
    /// Number of classes (row width).
    pub nclass: usize,
    w: Vec<f32>,
    u: Vec<f32>,
    /// Number of training instances seen so far (starts at 1).
    pub c: f64,
}

impl AvgTable {
    /// New zeroed table.
    pub fn new(bits: u32, nclass: usize) -> Self {
        let n = (1usize << bits) * nclass;
        AvgTable {
            bits,
            nclass,
            w: vec![0.0; n],
            u: vec![0.0; n],
            c: 1.0,
        }
    }
    /// Adds the current weights of the given rows into `out` (length `nclass`).
    #[inline]
    pub fn score(&self, rows: &[usize], out: &mut [f32]) {
        out.iter_mut().for_each(|x| *x = 0.0);
        for &r in rows {
            let row = &self.w[r * self.nclass..(r + 1) * self.nclass];
            for (o, w) in out.iter_mut().zip(row) {
                *o += *w;
            }
        }
    }
    /// Adds `delta` to class `class` of every given row.
    #[inline]
    pub fn update(&mut self, rows: &[usize], class: usize, delta: f32) {
        let cd = (self.c * delta as f64) as f32;
        for &r in rows {
            let i = r * self.nclass + class;
            self.w[i] += delta;
            self.u[i] += cd;
        }
    }
    /// Advances the instance counter (call once per training instance).
    #[inline]
    pub fn tick(&mut self) {
        self.c += 1.0;
    }
    /// Quantises the averaged weights to i16, zeroing those whose magnitude
    /// is below `prune` (in quantised units).
    pub fn quantize(&self, prune: i16) -> QTable {
        let c = self.c as f32;
        let avg: Vec<f32> = self.w.iter().zip(&self.u).map(|(w, u)| w - u / c).collect();
        let max = avg.iter().fold(0f32, |m, x| m.max(x.abs())).max(1e-6);
        let scale = 32000.0 / max;
        let w = avg
            .iter()
            .map(|x| {
                let q = (x * scale).round() as i32;
                if q.unsigned_abs() < prune as u32 {
                    0
                } else {
                    q.clamp(-32767, 32767) as i16
                }
            })
            .collect();
        QTable::from_dense(self.bits, self.nclass, scale, w)
    }
}

/// Quantised inference weights. Narrow tables (<= 8 classes) are kept dense;
/// wide ones are stored as compressed sparse rows (offsets + packed
/// `class << 16 | weight` entries), which is both smaller and more cache
/// friendly since pruned perceptron rows have few non-zero classes.
#[derive(Clone)]
pub struct QTable {
    /// log2 of the number of rows.
    pub bits: u32,
    /// Number of classes (row width).
    pub nclass: usize,
    /// Quantisation scale (float weight = q / scale).
    pub scale: f32,
    /// Dense `rows * nclass` weights (empty when sparse).
    pub w: Vec<i16>,
    /// Sparse row offsets (`rows + 1`, empty when dense).
    off: Vec<u32>,
    /// Sparse entries.
    ent: Vec<u32>,
}

impl QTable {
    /// Builds a table from dense weights, choosing the storage layout.
    pub fn from_dense(bits: u32, nclass: usize, scale: f32, w: Vec<i16>) -> QTable {
        let mut t = QTable {
            bits,
            nclass,
            scale,
            w,
            off: Vec::new(),
            ent: Vec::new(),
        };
        if nclass > 8 {
            let rows = 1usize << bits;
            let mut off = Vec::with_capacity(rows + 1);
            let mut ent = Vec::new();
            off.push(0u32);
            for r in 0..rows {
                for (c, &x) in t.w[r * nclass..(r + 1) * nclass].iter().enumerate() {
                    if x != 0 {
                        ent.push(((c as u32) << 16) | (x as u16 as u32));
                    }
                }
                off.push(ent.len() as u32);
            }
            t.w = Vec::new();
            t.off = off;
            t.ent = ent;
        }
        t
    }

    /// Sums the rows for the given feature hashes into `out` (length `nclass`).
    #[inline]
    pub fn score_hashes(&self, hashes: &[u64], out: &mut [i32]) {
        out.iter_mut().for_each(|x| *x = 0);
        let n = self.nclass;
        // The rows are scattered over megabytes: ask for all of them first so
        // the memory loads overlap instead of waiting one after another
        // (finding a row again is a multiply and a shift).
        let rows = || hashes.iter().map(|&h| row_of(h, self.bits));
        if self.off.is_empty() {
            rows().for_each(|r| prefetch(self.w.as_ptr().wrapping_add(r * n)));
        } else {
            rows().for_each(|r| prefetch(self.off.as_ptr().wrapping_add(r)));
        }
        if self.off.is_empty() && n == 4 && out.len() == 4 {
            // Hot path of the parser's move model.
            let mut acc = [0i32; 4];
            for r in rows() {
                let r = r * 4;
                let row: &[i16; 4] = self.w[r..r + 4].try_into().unwrap();
                for k in 0..4 {
                    acc[k] += row[k] as i32;
                }
            }
            out.copy_from_slice(&acc);
        } else if self.off.is_empty() {
            for r in rows() {
                let row = &self.w[r * n..r * n + n];
                for (o, w) in out.iter_mut().zip(row) {
                    *o += *w as i32;
                }
            }
        } else {
            rows().for_each(|r| prefetch(self.ent.as_ptr().wrapping_add(self.off[r] as usize)));
            for r in rows() {
                let (a, b) = (self.off[r] as usize, self.off[r + 1] as usize);
                for &e in &self.ent[a..b] {
                    out[(e >> 16) as usize] += e as u16 as i16 as i32;
                }
            }
        }
    }

    /// Drops weights with magnitude below `min_abs` (smaller, faster model).
    pub fn prune(&mut self, min_abs: i16) {
        let rows = 1usize << self.bits;
        let mut dense = vec![0i16; rows * self.nclass];
        for r in 0..rows {
            for (c, x) in self.row(r) {
                if x.unsigned_abs() >= min_abs.unsigned_abs() {
                    dense[r * self.nclass + c] = x;
                }
            }
        }
        *self = QTable::from_dense(self.bits, self.nclass, self.scale, dense);
    }

    /// Non-zero `(class, weight)` pairs of row `r`.
    fn row(&self, r: usize) -> Vec<(usize, i16)> {
        if self.off.is_empty() {
            let n = self.nclass;
            self.w[r * n..r * n + n]
                .iter()
                .enumerate()
                .filter(|x| *x.1 != 0)
                .map(|(c, &x)| (c, x))
                .collect()
        } else {
            self.ent[self.off[r] as usize..self.off[r + 1] as usize]
                .iter()
                .map(|&e| ((e >> 16) as usize, e as u16 as i16))
                .collect()
        }
    }

    /// Number of non-zero weights.
    pub fn nonzero(&self) -> usize {
        if self.off.is_empty() {
            self.w.iter().filter(|&&x| x != 0).count()
        } else {
            self.ent.len()
        }
    }

    /// Appends a sparse encoding of the table.
    pub fn write(&self, out: &mut Writer) {
        out.u32(self.bits);
        out.u32(self.nclass as u32);
        out.f32(self.scale);
        let rows = 1usize << self.bits;
        let mut last = 0usize;
        let mut nz_rows = 0u64;
        let mut body = Writer::default();
        for r in 0..rows {
            let row = self.row(r);
            if row.is_empty() {
                continue;
            }
            nz_rows += 1;
            body.varint((r - last) as u64);
            last = r;
            body.varint(row.len() as u64);
            let mut lc = 0usize;
            for (c, x) in row {
                body.varint((c - lc) as u64);
                lc = c;
                body.varint(zigzag(x as i64));
            }
        }
        out.varint(nz_rows);
        out.bytes(&body.buf);
    }

    /// Reads a table written by [`QTable::write`].
    pub fn read(r: &mut Reader) -> Result<QTable> {
        let bits = r.u32()?;
        let nclass = r.u32()? as usize;
        let scale = r.f32()?;
        if !(4..=30).contains(&bits) || nclass == 0 || nclass > 4096 {
            return Err(Error::Format("bad table header".into()));
        }
        let mut w = vec![0i16; (1usize << bits) * nclass];
        let nz_rows = r.varint()?;
        let mut row = 0usize;
        for _ in 0..nz_rows {
            row += r.varint()? as usize;
            let cnt = r.varint()? as usize;
            let mut c = 0usize;
            for _ in 0..cnt {
                c += r.varint()? as usize;
                let v = unzigzag(r.varint()?) as i16;
                let i = row * nclass + c;
                if c >= nclass || i >= w.len() {
                    return Err(Error::Format("table index out of range".into()));
                }
                w[i] = v;
            }
        }
        Ok(QTable::from_dense(bits, nclass, scale, w))
    }
}

#[inline]
fn zigzag(x: i64) -> u64 {
    ((x << 1) ^ (x >> 63)) as u64
}
#[inline]
fn unzigzag(x: u64) -> i64 {
    ((x >> 1) as i64) ^ -((x & 1) as i64)
}

/// Byte writer for model files.
#[derive(Default)]
pub struct Writer {
    /// The bytes written so far.
    pub buf: Vec<u8>,
}

impl Writer {
    /// LEB128 unsigned varint.
    pub fn varint(&mut self, mut x: u64) {
        while x >= 0x80 {
            self.buf.push((x as u8) | 0x80);
            x >>= 7;
        }
        self.buf.push(x as u8);
    }
    /// Little-endian u32.
    pub fn u32(&mut self, x: u32) {
        self.buf.extend_from_slice(&x.to_le_bytes());
    }
    /// Little-endian u64.
    pub fn u64(&mut self, x: u64) {
        self.buf.extend_from_slice(&x.to_le_bytes());
    }
    /// Little-endian f32.
    pub fn f32(&mut self, x: f32) {
        self.buf.extend_from_slice(&x.to_le_bytes());
    }
    /// Length-prefixed string.
    pub fn str(&mut self, s: &str) {
        self.varint(s.len() as u64);
        self.buf.extend_from_slice(s.as_bytes());
    }
    /// Raw bytes.
    pub fn bytes(&mut self, b: &[u8]) {
        self.buf.extend_from_slice(b);
    }
}

/// Byte reader for model files.
pub struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    /// Reader over a byte slice.
    pub fn new(buf: &'a [u8]) -> Self {
        Reader { buf, pos: 0 }
    }
    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        if self.pos + n > self.buf.len() {
            return Err(Error::Format("truncated model".into()));
        }
        let s = &self.buf[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }
    /// LEB128 unsigned varint.
    pub fn varint(&mut self) -> Result<u64> {
        let mut x = 0u64;
        let mut shift = 0;
        loop {
            let b = *self
                .buf
                .get(self.pos)
                .ok_or_else(|| Error::Format("truncated model".into()))?;
            self.pos += 1;
            if shift > 63 {
                return Err(Error::Format("bad varint".into()));
            }
            x |= ((b & 0x7f) as u64) << shift;
            if b & 0x80 == 0 {
                return Ok(x);
            }
            shift += 7;
        }
    }
    /// Everything not yet read.
    pub fn rest(&self) -> &'a [u8] {
        &self.buf[self.pos..]
    }
    /// One byte.
    pub fn byte(&mut self) -> Result<u8> {
        Ok(self.take(1)?[0])
    }
    /// Little-endian u32.
    pub fn u32(&mut self) -> Result<u32> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into().unwrap()))
    }
    /// Little-endian u64.
    pub fn u64(&mut self) -> Result<u64> {
        Ok(u64::from_le_bytes(self.take(8)?.try_into().unwrap()))
    }
    /// Little-endian f32.
    pub fn f32(&mut self) -> Result<f32> {
        Ok(f32::from_le_bytes(self.take(4)?.try_into().unwrap()))
    }
    /// Length-prefixed string.
    pub fn str(&mut self) -> Result<String> {
        let n = self.varint()? as usize;
        let b = self.take(n)?;
        String::from_utf8(b.to_vec()).map_err(|_| Error::Format("bad utf-8".into()))
    }
}

/// Wraps a payload as `magic | zlib(payload)`.
pub fn pack(magic: &[u8; 8], payload: &[u8]) -> Vec<u8> {
    let mut out = magic.to_vec();
    out.extend_from_slice(&miniz_oxide::deflate::compress_to_vec_zlib(payload, 8));
    out
}

/// Checks the magic and inflates the payload.
pub fn unpack(magic: &[u8; 8], bytes: &[u8]) -> Result<Vec<u8>> {
    if bytes.len() < 8 || &bytes[..8] != magic {
        return Err(Error::Format(format!(
            "not a {} model file",
            String::from_utf8_lossy(&magic[..])
        )));
    }
    miniz_oxide::inflate::decompress_to_vec_zlib(&bytes[8..])
        .map_err(|e| Error::Format(format!("corrupt model: {e:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn table_roundtrip() {
        let mut t = AvgTable::new(6, 3);
        t.update(&[1, 5], 2, 1.0);
        t.tick();
        t.update(&[5], 0, -1.0);
        t.tick();
        let q = t.quantize(0);
        let mut w = Writer::default();
        q.write(&mut w);
        let packed = pack(b"TESTTEST", &w.buf);
        let raw = unpack(b"TESTTEST", &packed).unwrap();
        let q2 = QTable::read(&mut Reader::new(&raw)).unwrap();
        assert_eq!(q.w, q2.w);
        assert!(q.nonzero() > 0);
        assert_eq!(unzigzag(zigzag(-5)), -5);
    }
}
