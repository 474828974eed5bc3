import { describe, expect, test } from "vitest";
import { renderSvg } from "../../../../bench/report/svg";
import { benchResult, failoverResult, fullRun, phase, replicatedRun, summary, target, throughput } from "./fixture";

interface Element {
  name: string;
  attributes: Record<string, string>;
  children: Element[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
const decode = (text: string) => text.replace(/&(\w+);/g, (_, name: string) => ENTITIES[name]);

/**
 * A strict reader for the XML subset the report writes (elements, attributes, text, the five
 * named entities; no declarations, comments or CDATA): throws on anything not well-formed.
 */
function parseXml(xml: string): Element {
  const tag =
    /<\/([A-Za-z][\w.:-]*)\s*>|<([A-Za-z][\w.:-]*)((?:\s+[A-Za-z][\w.:-]*="[^"<&]*(?:&(?:amp|lt|gt|quot|apos);[^"<&]*)*")*)\s*(\/?)>/y;
  const text = /[^<&]*(?:&(?:amp|lt|gt|quot|apos);[^<&]*)*/y;
  const stack: Element[] = [];
  let root: Element | undefined;
  let at = 0;
  while (at < xml.length) {
    text.lastIndex = at;
    const chunk = text.exec(xml)?.[0] ?? "";
    at += chunk.length;
    if (stack.length > 0) stack[stack.length - 1].text += decode(chunk);
    else if (chunk.trim() !== "") throw new Error(`text outside the root element: ${chunk.slice(0, 40)}`);
    if (at >= xml.length) break;
    tag.lastIndex = at;
    const match = tag.exec(xml);
    if (!match) throw new Error(`not well-formed at ${at}: ${xml.slice(at, at + 60)}`);
    at = tag.lastIndex;
    const [, closing, name, attributeText, selfClosing] = match;
    if (closing) {
      const open = stack.pop();
      if (open?.name !== closing) throw new Error(`</${closing}> closes <${open?.name}>`);
      continue;
    }
    const attributes: Record<string, string> = {};
    for (const [, key, value] of attributeText.matchAll(/([A-Za-z][\w.:-]*)="([^"]*)"/g)) {
      if (key in attributes) throw new Error(`<${name}> repeats ${key}`);
      attributes[key] = decode(value);
    }
    const element: Element = { name, attributes, children: [], text: "" };
    if (stack.length > 0) stack[stack.length - 1].children.push(element);
    else if (root) throw new Error("a second root element");
    else root = element;
    if (!selfClosing) stack.push(element);
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack.map((e) => e.name).join("> <")}>`);
  if (!root) throw new Error("no root element");
  return root;
}

const all = (element: Element, name: string): Element[] => [
  ...element.children.filter((child) => child.name === name),
  ...element.children.flatMap((child) => all(child, name)),
];

const texts = (svg: Element) => all(svg, "text").map((t) => t.text);

describe("parseXml (the test's well-formedness check)", () => {
  test.each([
    ["an unclosed element", "<svg><g></svg>"],
    ["crossed elements", "<svg><g><text></g></text></svg>"],
    ["a bare ampersand", "<svg><text>A & B</text></svg>"],
    ["a bare < in text", "<svg><text>a < b</text></svg>"],
    ["an unquoted attribute", "<svg width=10></svg>"],
    ["a repeated attribute", '<svg x="1" x="2"></svg>'],
    ["two roots", "<svg/><svg/>"],
    ["text outside the root", "<svg/>trailing"],
  ])("rejects %s", (_, xml) => {
    expect(() => parseXml(xml)).toThrow();
  });

  test("reads elements, attributes and entities", () => {
    const root = parseXml('<svg a="x &amp; y"><title>A &lt;B&gt;</title><rect/></svg>\n');
    expect(root).toEqual({
      name: "svg",
      attributes: { a: "x & y" },
      text: "",
      children: [
        { name: "title", attributes: {}, children: [], text: "A <B>" },
        { name: "rect", attributes: {}, children: [], text: "" },
      ],
    });
  });
});

describe("renderSvg", () => {
  const svg = parseXml(renderSvg(fullRun()));

  test("is a well-formed SVG document titled for screen readers", () => {
    expect(svg.name).toBe("svg");
    expect(svg.attributes).toMatchObject({ xmlns: "http://www.w3.org/2000/svg", role: "img", width: "980" });
    expect(svg.children[0]).toMatchObject({
      name: "title",
      text: "Benchmark: throughput and latency per target, 2025-01-02T03:04 UTC",
    });
    expect(svg.attributes.viewBox).toBe(`0 0 980 ${svg.attributes.height}`);
  });

  test("every coordinate and size is a finite number", () => {
    const numeric = ["x", "y", "x1", "x2", "y1", "y2", "width", "height"];
    const elements = [svg, ...all(svg, "rect"), ...all(svg, "line"), ...all(svg, "text")];
    for (const element of elements)
      for (const name of numeric)
        if (name in element.attributes && element.attributes[name] !== "100%")
          expect(Number.isFinite(Number(element.attributes[name])), `${element.name} ${name}`).toBe(true);
  });

  test.each([
    {
      name: "throughput and SDK latency",
      result: fullRun(),
      panels: [
        "Server-bound throughput, ops/s (wrk -t2 -c32, pre-signed, 1 KB items)",
        "Server-bound latency, ms (wrk, same runs)",
        "SDK latency, workload C read (GetItem), uniform keys, 4 clients",
        "SDK latency, workload A update (UpdateItem; floor: PutItem), uniform keys, 4 clients",
      ],
    },
    {
      name: "throughput only",
      result: benchResult([target("dynaflare", "dynaflare", { throughput: [throughput("GetItem", 10)] })]),
      panels: [
        "Server-bound throughput, ops/s (wrk -t2 -c32, pre-signed, 1 KB items)",
        "Server-bound latency, ms (wrk, same runs)",
      ],
    },
    {
      name: "SDK latency only",
      result: benchResult([
        target("dynaflare", "dynaflare", {
          latency: [phase("load", "sequential", {}), phase("c", "uniform", { read: summary(1, 2, 3) })],
        }),
      ]),
      panels: [
        "SDK latency, workload C read (GetItem), uniform keys, 4 clients",
        "SDK latency, workload A update (UpdateItem; floor: PutItem), uniform keys, 4 clients",
      ],
    },
    {
      name: "nothing measured",
      result: benchResult([target("dynaflare", "dynaflare", { error: "blocked" })]),
      panels: [],
    },
  ])("$name: one panel per figure, 260 px each plus the footer", ({ result, panels }) => {
    const root = parseXml(renderSvg(result));
    const titles = all(root, "text")
      .filter((t) => t.attributes["font-weight"] === "600")
      .map((t) => t.text);
    expect(titles).toEqual(panels);
    expect(Number(root.attributes.height)).toBe(panels.length * 260 + 40);
    expect(texts(root)).toContain("npm run bench");
  });

  test("a failover phase adds a panel of seconds per round, with the 2 s goal as a dashed line", () => {
    const root = parseXml(renderSvg(replicatedRun()));
    const titles = all(root, "text").filter((t) => t.attributes["font-weight"] === "600");
    expect(titles.at(-1)?.text).toBe(
      "dynaflare: failover, leader crash → first successful write, s (one group, one SDK writer)",
    );
    expect(Number(root.attributes.height)).toBe(5 * 260 + 40);
    const tooltips = all(root, "rect").flatMap((rect) => all(rect, "title").map((t) => t.text));
    expect(tooltips).toEqual(
      expect.arrayContaining(["round 1 failover s: 1.01", "round 2 failover s: 1.25", "round 3 failover s: 0.99"]),
    );
    const goal = all(root, "line").filter((line) => line.attributes["stroke-dasharray"]);
    expect(goal).toHaveLength(1);
    expect(texts(root)).toContain("goal < 2 s");
    // The panel is the fifth (top 4 × 260); its plot spans y 1100..1260 and its axis maximum is 2 (the goal).
    expect(Number(goal[0].attributes.y1)).toBeCloseTo(1100, 6);
  });

  test("a round with no successful write is a gap marked n/a in the failover panel", () => {
    const result = benchResult([target("dynaflare", "dynaflare")]);
    result.targets[0].failover = failoverResult([1_500, null]);
    const root = parseXml(renderSvg(result));
    expect(texts(root).filter((t) => t === "n/a")).toHaveLength(1);
    expect(texts(root)).toContain("round 2");
  });

  test("each bar carries a tooltip naming its target, series and formatted value", () => {
    const tooltips = all(svg, "rect").flatMap((rect) => all(rect, "title").map((t) => t.text));
    for (const expected of [
      "dynaflare GetItem: 3,000",
      "floor PutItem: 2,000",
      "DynamoDB Local (disk) GetItem: 10,000",
      "dynaflare GetItem p50: 6.00",
      "floor PutItem p99: 100",
      "dynaflare p99 ms: 5.00",
      "floor p50 ms: 2.00",
    ])
      expect(tooltips).toContain(expected);
  });

  test("bar heights are proportional to the values, under a round axis maximum", () => {
    const bars = new Map(
      all(svg, "rect")
        .filter((rect) => rect.children.length > 0)
        .map((rect) => [all(rect, "title")[0].text.split(":")[0], rect.attributes]),
    );
    const height = (name: string) => Number(bars.get(name)?.height);
    expect(height("floor GetItem") / height("dynaflare GetItem")).toBeCloseTo(5_000 / 3_000, 6);
    // Plot height is 260 - 60 - 40 = 160 px; the largest throughput (10,000) is the axis maximum.
    expect(height("DynamoDB Local (disk) GetItem")).toBeCloseTo(160, 6);
    const bar = bars.get("DynamoDB Local (disk) GetItem");
    expect(Number(bar?.y) + Number(bar?.height)).toBeCloseTo(220, 6);
    for (const label of ["2,500", "5,000", "7,500", "10,000"]) expect(texts(svg)).toContain(label);
  });

  test.each([
    { max: 3_347, ticks: ["1,000", "2,000", "3,000", "4,000"] },
    { max: 11_753, ticks: ["3,000", "6,000", "9,000", "12,000"] },
    { max: 0.9, ticks: ["0.25", "0.5", "0.75", "1"] },
    { max: 45, ticks: ["12.5", "25", "37.5", "50"] },
  ])("the axis over a maximum of $max ticks at $ticks", ({ max, ticks }) => {
    const root = parseXml(
      renderSvg(benchResult([target("dynaflare", "dynaflare", { throughput: [throughput("GetItem", max)] })])),
    );
    const axis = all(root, "text")
      .filter((t) => t.attributes["text-anchor"] === "end")
      .map((t) => t.text);
    expect(axis.slice(0, 5)).toEqual(["0", ...ticks]);
  });

  test("a missing figure leaves a gap marked n/a", () => {
    const root = parseXml(renderSvg(fullRun()));
    // The floor has no F (unused in the chart) but has C and A; DynamoDB Local (disk) has no SDK phases: 3 + 3 n/a.
    expect(texts(root).filter((t) => t === "n/a")).toHaveLength(6);
  });

  test("labels and the command are escaped: <, > and & stay text", () => {
    const result = fullRun();
    result.targets[1].label = "floor <fast> & small";
    result.command = "npm run bench -- --targets 'a&b' > out.txt";
    const rendered = renderSvg(result);
    const root = parseXml(rendered);
    expect(texts(root)).toContain("floor <fast> & small");
    expect(texts(root)).toContain("npm run bench -- --targets 'a&b' > out.txt");
    expect(rendered).toContain("floor &lt;fast&gt; &amp; small");
  });
});
