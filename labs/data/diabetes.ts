import { toCsv } from "./csv";
import { Random, clamp } from "./prng";

/**
 * Synthetic diabetes patients with the columns and types the DP-100 notebooks read.
 *
 * No `PatientID` column: the current course's files (Labs/10/train-data/diabetes.csv,
 * test-data/diabetes-test.csv, data/patient-data-*.csv) start at `Pregnancies`, and the training
 * scripts select the eight feature columns by name, so an ID would only add a useless feature to
 * the AutoML and Designer labs. (The SDK v1 course's copies started with `PatientID`.)
 *
 * Distributions follow the course data loosely (mostly young patients, few pregnancies, skewed
 * insulin and pedigree); about a third are diabetic, more often with high glucose, BMI, age and
 * pregnancies, so a logistic regression learns something. Every value comes from arithmetic on a
 * seeded generator; see prng.ts for why no transcendental functions are used.
 */

export const DIABETES_FEATURES = [
  "Pregnancies",
  "PlasmaGlucose",
  "DiastolicBloodPressure",
  "TricepsThickness",
  "SerumInsulin",
  "BMI",
  "DiabetesPedigree",
  "Age",
] as const;

/** The 0/1 label column. */
export const DIABETES_LABEL = "Diabetic";

/** Header of the labelled files (training data and diabetes-test.csv). */
export const DIABETES_COLUMNS: readonly string[] = [...DIABETES_FEATURES, DIABETES_LABEL];

/** The two float columns; every other column is an integer. */
export const DIABETES_FLOAT_COLUMNS: readonly string[] = ["BMI", "DiabetesPedigree"];

export interface DiabetesRecord {
  readonly pregnancies: number;
  readonly plasmaGlucose: number;
  readonly diastolicBloodPressure: number;
  readonly tricepsThickness: number;
  readonly serumInsulin: number;
  readonly bmi: number;
  readonly diabetesPedigree: number;
  readonly age: number;
  readonly diabetic: 0 | 1;
}

/** `count` patients from `seed`; the same arguments always give the same records. */
export function diabetesRecords(seed: number, count: number): DiabetesRecord[] {
  const r = new Random(seed);
  const out: DiabetesRecord[] = [];
  for (let i = 0; i < count; i++) {
    const u = r.uniform();
    const age = 21 + Math.floor(57 * u * u * u); // 21..77, median about 28
    const p = r.uniform();
    const pregnancies = Math.min(14, Math.floor(p * p * (6 + (age - 21) * 0.25)));
    const plasmaGlucose = Math.round(r.clampedNormal(107, 31, 44, 192));
    const diastolicBloodPressure = Math.round(r.clampedNormal(71, 16, 24, 117));
    const tricepsThickness = Math.round(r.clampedNormal(28, 14, 7, 93));
    const s = r.uniform();
    const serumInsulin = 14 + Math.round(785 * s * s * s * s); // 14..799, median about 63
    const bmi = r.clampedNormal(31.5, 9.5, 18.2, 56.9);
    const d = r.uniform();
    const diabetesPedigree = 0.078 + 2.2 * d * d * d * d; // 0.078..2.278, median about 0.21
    const z =
      -1.5 +
      0.035 * (plasmaGlucose - 107) +
      0.07 * (bmi - 31.5) +
      0.18 * (pregnancies - 1.5) +
      0.03 * (age - 28) +
      0.8 * (diabetesPedigree - 0.3);
    // A logistic-like curve from arithmetic only: maps z to (0, 1), 0.5 at z = 0.
    const probability = clamp(0.5 + (0.5 * z) / (1 + Math.abs(z)), 0.02, 0.98);
    const diabetic = r.chance(probability) ? 1 : 0;
    out.push({
      pregnancies,
      plasmaGlucose,
      diastolicBloodPressure,
      tricepsThickness,
      serumInsulin,
      bmi,
      diabetesPedigree,
      age,
      diabetic,
    });
  }
  return out;
}

/** One record as CSV cells; floats with fixed decimals like the course files (8 and 9). */
function cells(rec: DiabetesRecord, withLabel: boolean): string[] {
  const c = [
    String(rec.pregnancies),
    String(rec.plasmaGlucose),
    String(rec.diastolicBloodPressure),
    String(rec.tricepsThickness),
    String(rec.serumInsulin),
    rec.bmi.toFixed(8),
    rec.diabetesPedigree.toFixed(9),
    String(rec.age),
  ];
  if (withLabel) c.push(String(rec.diabetic));
  return c;
}

/** Records as a CSV file, with the `Diabetic` label column or without it (scoring input). */
export function diabetesCsv(records: readonly DiabetesRecord[], withLabel: boolean): string {
  const header = withLabel ? DIABETES_COLUMNS : [...DIABETES_FEATURES];
  return toCsv(
    header,
    records.map((rec) => cells(rec, withLabel)),
  );
}
