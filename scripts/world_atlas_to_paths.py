#!/usr/bin/env python3
"""Convert world-atlas's countries-110m.json (TopoJSON) into SVG path data.

    python3 scripts/world_atlas_to_paths.py countries-110m.json OUT.json

Writes {"projection", "width", "height", "source", "countries": [{"id",
"name", "d"}]}: each country's rings as one SVG path in an equirectangular
projection where x = longitude + 180 and y = 90 - latitude (degrees, one
decimal), so the page draws the map with no decoder and places an event at
(lon + 180, 90 - lat). A ring crossing the antimeridian is drawn on past
the map's edge rather than across the map. Rings are closed with "Z"; consecutive points that
round to the same place are dropped. Standard library only.
"""
import json
import sys


def decode_arcs(topo):
    """Absolute [lon, lat] points of every arc (quantized, delta-encoded)."""
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    out = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        out.append(pts)
    return out


def ring_points(ring, arcs):
    """The points of a ring given as arc indices (~i is arc i reversed)."""
    pts = []
    for i in ring:
        a = arcs[i] if i >= 0 else arcs[~i][::-1]
        # Each arc starts where the previous one ended.
        pts.extend(a if not pts else a[1:])
    return pts


def fmt(v):
    s = f"{v:.1f}"
    if s.endswith(".0"):
        s = s[:-2]
    return "0" if s == "-0" else s


def unwrap(pts):
    """Longitudes made continuous: a ring that crosses the antimeridian
    (Russia, Fiji) goes on past 180 (drawn off the map's edge) instead of
    jumping across the whole map."""
    out = []
    shift = 0.0
    for i, (lon, lat) in enumerate(pts):
        if i:
            prev = pts[i - 1][0]
            if lon - prev > 180:
                shift -= 360
            elif lon - prev < -180:
                shift += 360
        out.append((lon + shift, lat))
    return out


def ring_path(pts):
    """One closed sub-path: an absolute M, then relative l steps."""
    proj = [(round(lon + 180, 1), round(90 - lat, 1)) for lon, lat in unwrap(pts)]
    kept = []
    for p in proj:
        if not kept or p != kept[-1]:
            kept.append(p)
    if len(kept) > 1 and kept[0] == kept[-1]:
        kept.pop()
    if len(kept) < 3:
        return ""
    d = [f"M{fmt(kept[0][0])} {fmt(kept[0][1])}l"]
    steps = []
    for (x0, y0), (x1, y1) in zip(kept, kept[1:]):
        steps.append(f"{fmt(x1 - x0)} {fmt(y1 - y0)}")
    d.append(" ".join(steps))
    d.append("Z")
    return "".join(d)


def main():
    src, dst = sys.argv[1], sys.argv[2]
    with open(src, encoding="utf-8") as f:
        topo = json.load(f)
    arcs = decode_arcs(topo)
    countries = []
    for g in topo["objects"]["countries"]["geometries"]:
        if g["type"] == "Polygon":
            polys = [g["arcs"]]
        elif g["type"] == "MultiPolygon":
            polys = g["arcs"]
        else:
            continue
        d = "".join(ring_path(ring_points(r, arcs)) for poly in polys for r in poly)
        if d:
            countries.append({"id": g.get("id"), "name": g.get("properties", {}).get("name"), "d": d})
    countries.sort(key=lambda c: (c["name"] or "", c["id"] or ""))
    out = {
        "projection": "equirectangular: x = lon + 180, y = 90 - lat",
        "width": 360,
        "height": 180,
        "source": "Natural Earth 1:110m countries via world-atlas 2 (countries-110m.json), ISC",
        "countries": countries,
    }
    with open(dst, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")
    print(f"{dst}: {len(countries)} countries", file=sys.stderr)


if __name__ == "__main__":
    main()
