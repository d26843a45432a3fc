"""Normalize Numerical Columns: scales the diabetes features to 0-1 (min-max), label untouched.

Component `normalize_data` (version 1) of the Designer lab; registered by dp100-labs.
"""
import argparse
from pathlib import Path

import pandas as pd
from sklearn.preprocessing import MinMaxScaler

FEATURES = [
    "Pregnancies",
    "PlasmaGlucose",
    "DiastolicBloodPressure",
    "TricepsThickness",
    "SerumInsulin",
    "BMI",
    "DiabetesPedigree",
    "Age",
]

parser = argparse.ArgumentParser("normalize_data")
parser.add_argument("--input_data", type=str, required=True, help="Folder of CSV files")
parser.add_argument("--output_data", type=str, required=True, help="Folder for the scaled file")
args = parser.parse_args()

files = sorted(Path(args.input_data).glob("*.csv"))
df = pd.concat((pd.read_csv(f) for f in files), ignore_index=True)
df[FEATURES] = MinMaxScaler().fit_transform(df[FEATURES])
out = Path(args.output_data)
out.mkdir(parents=True, exist_ok=True)
df.to_csv(out / "normalized-data.csv", index=False)
print(f"{len(df)} rows from {len(files)} file(s) normalized")
