import { describe, expect, it } from "vitest";
import { exposition } from "../../../../workers/metrics/exposition";

describe("exposition", () => {
  it("writes HELP and TYPE, then each sample with its labels", () => {
    const text = exposition([
      {
        name: "x_total",
        help: "Things.",
        type: "counter",
        samples: [
          { labels: { table: "a" }, value: 2 },
          { labels: {}, value: 0.5 },
        ],
      },
      { name: "empty", help: "None yet.", type: "gauge", samples: [] },
    ]);
    expect(text).toBe(
      "# HELP x_total Things.\n# TYPE x_total counter\n" +
        'x_total{table="a"} 2\nx_total 0.5\n' +
        "# HELP empty None yet.\n# TYPE empty gauge\n",
    );
  });

  it("escapes label values and help text as the format says", () => {
    const text = exposition([
      {
        name: "m",
        help: "a\\b\nc",
        type: "gauge",
        samples: [{ labels: { table: 'q"uo\\te\nnl' }, value: Number.POSITIVE_INFINITY }],
      },
    ]);
    expect(text).toContain("# HELP m a\\\\b\\nc\n");
    expect(text).toContain('m{table="q\\"uo\\\\te\\nnl"} +Inf\n');
  });

  it("names a histogram's samples by their suffixes", () => {
    const text = exposition([
      {
        name: "h",
        help: "H.",
        type: "histogram",
        samples: [
          { suffix: "_bucket", labels: { le: "+Inf" }, value: 3 },
          { suffix: "_count", labels: {}, value: 3 },
        ],
      },
    ]);
    expect(text).toContain('h_bucket{le="+Inf"} 3\nh_count 3\n');
  });
});
