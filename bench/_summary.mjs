// Combining benchmark rounds and rendering a report: the median of each row
// over the rounds with its spread, a Markdown table and an SVG bar chart of
// ours vs the peers per case (values relative to the case's best).

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * Rows of several rounds -> one row per bench/case/impl: `value` the median,
 * `spread` (max - min) / median, `rounds` how many rounds had the row.
 */
export function mergeRounds(perRound) {
  const byKey = new Map();
  for (const rows of perRound) {
    for (const r of rows) {
      const k = `${r.bench}\u0000${r.case}\u0000${r.impl}`;
      if (!byKey.has(k)) byKey.set(k, { first: r, values: [] });
      if (typeof r.value === "number" && Number.isFinite(r.value)) byKey.get(k).values.push(r.value);
    }
  }
  return [...byKey.values()].map(({ first, values }) => {
    if (values.length === 0) return { ...first };
    const m = median(values);
    const spread = values.length > 1 && m > 0 ? (Math.max(...values) - Math.min(...values)) / m : undefined;
    return { ...first, value: m, rounds: values.length, ...(spread === undefined ? {} : { spread }) };
  });
}

/** Rows grouped by "bench — case", in first-seen order. */
export function groups(rows) {
  const g = new Map();
  for (const r of rows) {
    const k = `${r.bench} — ${r.case}`;
    if (!g.has(k)) g.set(k, []);
    g.get(k).push(r);
  }
  return g;
}

const fmt = (v) => v >= 1e9 ? (v / 1e9).toFixed(2) + "G" : v >= 1e6 ? (v / 1e6).toFixed(2) + "M" : v >= 1e4 ? (v / 1e3).toFixed(1) + "k" : v.toFixed(v < 10 ? 2 : 1);
const esc = (s) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** bench/RESULTS.md: one table per case, our figure first, each peer's ratio. */
export function renderMarkdown(doc) {
  const out = [`# sockfam benchmark results`, ``,
    `${doc.runtime}, ${doc.rounds} round(s) per bench${doc.quick ? " (--quick)" : ""}, median of the rounds with the spread (max-min)/median.`,
    `Ratios within one run mean something; absolute figures on a shared 2-core machine do not. Chart: [results.svg](results.svg).`, ``,
    `| bench | seconds | peak RSS |`, `|---|---|---|`,
    ...doc.benches.map((b) => `| ${b.bench} | ${b.seconds.toFixed(1)} | ${b.peakRssMB} MB |`), ``];
  for (const [k, rs] of groups(doc.rows)) {
    const ours = rs.find((r) => r.ours);
    out.push(`## ${k}`, ``, `| impl | value | unit | sockfam / impl | spread |`, `|---|---|---|---|---|`);
    for (const r of rs) {
      const ratio = ours && !r.ours && r.value > 0 ? `${(ours.value / r.value).toFixed(2)}x` : r.ours ? "—" : "";
      const v = typeof r.value === "number" ? fmt(r.value) : esc(r.value);
      out.push(`| ${r.ours ? "**sockfam** " : ""}${esc(r.impl)} | ${v} | ${r.unit} | ${ratio} | ${r.spread === undefined ? "" : `±${(r.spread * 50).toFixed(0)}%`} |`);
    }
    out.push(``);
  }
  return out.join("\n");
}

/** bench/results.svg: a horizontal bar per impl, grouped by case, scaled to the case's best; ours highlighted. */
export function renderSvg(doc) {
  const W = 900, labelW = 330, barW = W - labelW - 130, rowH = 18, headH = 26;
  const parts = [];
  let y = 40;
  for (const [k, rs] of groups(doc.rows)) {
    const nums = rs.filter((r) => typeof r.value === "number");
    if (nums.length === 0) continue;
    const max = Math.max(...nums.map((r) => r.value)) || 1;
    parts.push(`<text x="8" y="${y + 16}" font-weight="bold">${esc(k)}</text>`);
    y += headH;
    for (const r of nums) {
      const w = Math.max(1, (r.value / max) * barW);
      parts.push(`<text x="${labelW - 6}" y="${y + 13}" text-anchor="end">${esc(r.impl)}</text>`,
        `<rect x="${labelW}" y="${y + 2}" width="${w.toFixed(1)}" height="${rowH - 4}" fill="${r.ours ? "#d9480f" : "#868e96"}"/>`,
        `<text x="${(labelW + w + 6).toFixed(1)}" y="${y + 13}">${fmt(r.value)} ${esc(r.unit)}</text>`);
      y += rowH;
    }
    y += 10;
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${y + 10}" font-family="sans-serif" font-size="12">\n` +
    `<text x="8" y="20" font-size="15" font-weight="bold">sockfam (orange) beside the peers (grey), ${esc(doc.runtime)}; bars relative to each case's best</text>\n` +
    parts.join("\n") + `\n</svg>\n`;
}
