import { createHash } from "crypto";
import { parse as parseYaml } from "yaml";
import {
  BATCH_FILES,
  BATCH_ROWS_PER_FILE,
  DATASET_IDS,
  DATASETS,
  DatasetFile,
  datasetFiles,
  DIABETES_ROWS,
  DIABETES_TEST_ROWS,
  OJ_BRANDS,
  OJ_STORES,
  OJ_WEEKS,
} from "../../labs/data";
import { civilFromDays, daysFromCivil } from "../../labs/data/orangeJuice";
import { mulberry32 } from "../../labs/data/prng";

const FEATURES =
  "Pregnancies,PlasmaGlucose,DiastolicBloodPressure,TricepsThickness,SerumInsulin,BMI,DiabetesPedigree,Age";
const LABELLED = `${FEATURES},Diabetic`;
const INT = /^\d+$/;
const FLOAT = /^\d+\.\d+$/;

/** Parses the generated CSV back: header and rows of cells (no quoting is ever generated). */
function parseCsv(content: string): { header: string; rows: string[][] } {
  expect(content.endsWith("\n")).toBe(true);
  const lines = content.slice(0, -1).split("\n");
  const width = lines[0].split(",").length;
  const rows = lines.slice(1).map((l) => l.split(","));
  for (const r of rows) expect(r).toHaveLength(width);
  return { header: lines[0], rows };
}

function file(files: DatasetFile[], path: string): DatasetFile {
  const f = files.find((x) => x.path === path);
  if (!f) throw new Error(`no ${path} in ${files.map((x) => x.path).join(", ")}`);
  return f;
}

/** Checks the diabetes column types row by row; returns the parsed numbers. */
function checkDiabetesRows(rows: string[][], labelled: boolean): number[][] {
  return rows.map((r) => {
    r.forEach((cell, i) => expect(cell).toMatch(i === 5 || i === 6 ? FLOAT : INT));
    if (labelled) expect(["0", "1"]).toContain(r[8]);
    return r.map(Number);
  });
}

describe("diabetes data", () => {
  const csvFile = file(datasetFiles("diabetes-csv"), "diabetes.csv");
  const { header, rows } = parseCsv(csvFile.content);
  const values = checkDiabetesRows(rows, true);

  test("the single CSV has the course's header, row count and column types", () => {
    expect(datasetFiles("diabetes-csv").map((f) => f.path)).toEqual(["diabetes.csv"]);
    expect(header).toBe(LABELLED);
    expect(rows).toHaveLength(DIABETES_ROWS);
    expect(DIABETES_ROWS).toBe(1000);
    expect(csvFile.contentType).toBe("text/csv");
  });

  test("values stay in plausible ranges", () => {
    const col = (i: number) => values.map((v) => v[i]);
    const within = (i: number, lo: number, hi: number) => {
      expect(Math.min(...col(i))).toBeGreaterThanOrEqual(lo);
      expect(Math.max(...col(i))).toBeLessThanOrEqual(hi);
    };
    within(0, 0, 14); // Pregnancies
    within(1, 44, 192); // PlasmaGlucose
    within(2, 24, 117); // DiastolicBloodPressure
    within(3, 7, 93); // TricepsThickness
    within(4, 14, 799); // SerumInsulin
    within(5, 18, 57); // BMI
    within(6, 0.07, 2.3); // DiabetesPedigree
    within(7, 21, 77); // Age
  });

  test("about a third are diabetic, more so with high glucose and BMI", () => {
    const pos = values.filter((v) => v[8] === 1);
    const neg = values.filter((v) => v[8] === 0);
    expect(pos.length / values.length).toBeGreaterThan(0.25);
    expect(pos.length / values.length).toBeLessThan(0.45);
    const mean = (xs: number[][], i: number) => xs.reduce((s, v) => s + v[i], 0) / xs.length;
    expect(mean(pos, 1) - mean(neg, 1)).toBeGreaterThan(10); // glucose
    expect(mean(pos, 5) - mean(neg, 5)).toBeGreaterThan(2); // BMI
  });

  test("the folder form splits the same rows over two CSV files", () => {
    const files = datasetFiles("diabetes-folder");
    expect(files.map((f) => f.path)).toEqual(["diabetes-1.csv", "diabetes-2.csv"]);
    const parts = files.map((f) => parseCsv(f.content));
    for (const p of parts) expect(p.header).toBe(LABELLED);
    expect([...parts[0].rows, ...parts[1].rows]).toEqual(rows);
  });

  test("the MLTable form has the CSVs and an MLTable file reading ./*.csv", () => {
    const files = datasetFiles("diabetes-mltable");
    expect(files.map((f) => f.path).sort()).toEqual([
      "MLTable",
      "diabetes-1.csv",
      "diabetes-2.csv",
    ]);
    const mltable = file(files, "MLTable");
    expect(mltable.contentType).toBe("application/yaml");
    expect(parseYaml(mltable.content)).toEqual({
      paths: [{ pattern: "./*.csv" }],
      transformations: [
        {
          read_delimited: { delimiter: ",", encoding: "ascii", header: "all_files_same_headers" },
        },
      ],
    });
    const folder = datasetFiles("diabetes-folder");
    for (const f of folder) expect(file(files, f.path).content).toBe(f.content);
  });

  test("diabetes-test.csv is other patients, labelled (the RAI dashboard needs the target)", () => {
    const files = datasetFiles("diabetes-test");
    expect(files.map((f) => f.path)).toEqual(["diabetes-test.csv"]);
    const t = parseCsv(files[0].content);
    expect(t.header).toBe(LABELLED);
    expect(t.rows).toHaveLength(DIABETES_TEST_ROWS);
    checkDiabetesRows(t.rows, true);
    expect(t.rows[0]).not.toEqual(rows[0]);
  });

  test("batch files are unlabelled patient-data-N.csv", () => {
    const files = datasetFiles("diabetes-batch");
    expect(files.map((f) => f.path)).toEqual(
      Array.from({ length: BATCH_FILES }, (_, i) => `patient-data-${i}.csv`),
    );
    const seen = new Set<string>();
    for (const f of files) {
      const b = parseCsv(f.content);
      expect(b.header).toBe(FEATURES);
      expect(b.header).not.toContain("Diabetic");
      expect(b.rows).toHaveLength(BATCH_ROWS_PER_FILE);
      checkDiabetesRows(b.rows, false);
      seen.add(b.rows[0].join(","));
    }
    expect(seen.size).toBe(BATCH_FILES);
  });
});

describe("orange-juice data", () => {
  const files = datasetFiles("orange-juice-mltable");
  const { header, rows } = parseCsv(file(files, "orange-juice-sales.csv").content);
  const cents = (s: string) => Math.round(Number(s) * 100);

  test("has the OJ sample's columns, one row per store, brand and week", () => {
    expect(files.map((f) => f.path)).toEqual(["MLTable", "orange-juice-sales.csv"]);
    expect(file(files, "MLTable").content).toBe(
      file(datasetFiles("diabetes-mltable"), "MLTable").content,
    );
    expect(header).toBe("WeekStarting,Store,Brand,Quantity,Advert,Price,Revenue");
    expect(rows).toHaveLength(OJ_STORES.length * OJ_BRANDS.length * OJ_WEEKS);
    const series = new Set(rows.map((r) => `${r[1]}/${r[2]}`));
    expect(series.size).toBe(OJ_STORES.length * OJ_BRANDS.length);
  });

  test("columns parse to the right types and revenue is quantity x price", () => {
    for (const [week, store, brand, quantity, advert, price, revenue] of rows) {
      expect(week).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(OJ_STORES).toContain(Number(store));
      expect(OJ_BRANDS.map((b) => b.name)).toContain(brand);
      expect(quantity).toMatch(INT);
      expect(Number(quantity)).toBeGreaterThan(0);
      expect(["0", "1"]).toContain(advert);
      expect(price).toMatch(/^\d+\.\d{2}$/);
      expect(revenue).toMatch(/^\d+\.\d{2}$/);
      expect(cents(revenue)).toBe(Number(quantity) * cents(price));
    }
  });

  test("each series is weekly from 1990-06-14", () => {
    const day = (s: string) => daysFromCivil(+s.slice(0, 4), +s.slice(5, 7), +s.slice(8, 10));
    expect(rows[0][0]).toBe("1990-06-14");
    for (let i = 1; i < rows.length; i++) {
      if (rows[i][1] === rows[i - 1][1] && rows[i][2] === rows[i - 1][2]) {
        expect(day(rows[i][0]) - day(rows[i - 1][0])).toBe(7);
      } else {
        expect(rows[i][0]).toBe("1990-06-14");
      }
    }
  });

  test("date arithmetic is the proleptic Gregorian calendar", () => {
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(civilFromDays(0)).toBe("1970-01-01");
    expect(civilFromDays(daysFromCivil(2000, 2, 29) + 1)).toBe("2000-03-01");
    expect(civilFromDays(daysFromCivil(1990, 12, 27) + 7)).toBe("1991-01-03");
    expect(daysFromCivil(1990, 6, 14)).toBe(7469);
  });
});

describe("every dataset", () => {
  /**
   * SHA-256 of each dataset's files. A change here changes lab data: give the affected data
   * assets a new version in the catalog, then update the digest.
   */
  const digest = (files: DatasetFile[]) =>
    createHash("sha256")
      .update(files.map((f) => `${f.path}\n${f.contentType}\n${f.content}`).join("\0"))
      .digest("hex")
      .slice(0, 16);
  const EXPECTED_DIGESTS: Record<string, string> = {
    "diabetes-csv": "7e76b280d731a127",
    "diabetes-folder": "04180f560164d198",
    "diabetes-mltable": "3bb3fbfbc6a25a97",
    "diabetes-test": "e101988e6891c425",
    "diabetes-batch": "d800a76e5078a007",
    "orange-juice-mltable": "df176ae5a79a4e44",
  };

  test("is byte-identical from one generation to the next", () => {
    for (const id of DATASET_IDS) {
      const a = DATASETS[id].files();
      const b = DATASETS[id].files();
      expect(a).not.toBe(b);
      expect(b).toEqual(a);
    }
  });

  test("matches its recorded digest (same bytes on every machine and Node version)", () => {
    const digests = Object.fromEntries(DATASET_IDS.map((id) => [id, digest(datasetFiles(id))]));
    expect(digests).toEqual(EXPECTED_DIGESTS);
  });

  test("is small, ASCII, LF-terminated, with a known content type", () => {
    for (const id of DATASET_IDS) {
      expect(DATASETS[id].description.length).toBeGreaterThan(10);
      for (const f of DATASETS[id].files()) {
        expect(f.content.length).toBeGreaterThan(100);
        expect(f.content.length).toBeLessThan(100_000);
        expect(f.content).toMatch(/^[\x20-\x7e\n]*\n$/);
        expect(f.path).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]*$/);
        expect(f.contentType).toBe(f.path === "MLTable" ? "application/yaml" : "text/csv");
      }
    }
  });

  test("an unknown dataset id is an error listing the known ones", () => {
    expect(() => datasetFiles("iris")).toThrow(
      `unknown dataset id "iris"; known datasets: ${DATASET_IDS.join(", ")}`,
    );
  });

  test("the generator is seeded, not random", () => {
    const a = mulberry32(1);
    const b = mulberry32(1);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    expect(mulberry32(2)()).not.toBe(xs[0]);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
  });
});
