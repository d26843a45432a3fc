"""Train a Logistic Regression Classifier Model on the diabetes data; logs Accuracy and AUC.

Component `train_logistic_regression_classifier_model` (version 1) of the Designer lab; registered
by dp100-labs. `--reg_rate` is the regularization rate (inverse of scikit-learn's C).
"""
import argparse
import pickle
from pathlib import Path

import mlflow
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, roc_auc_score
from sklearn.model_selection import train_test_split

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

parser = argparse.ArgumentParser("train_logistic_regression_classifier_model")
parser.add_argument("--training_data", type=str, required=True, help="Folder of CSV files")
parser.add_argument("--reg_rate", type=float, default=0.01, help="Regularization rate, > 0")
parser.add_argument("--model_output", type=str, required=True, help="Folder for model.sav")
args = parser.parse_args()
if args.reg_rate <= 0:
    parser.error(f"--reg_rate {args.reg_rate}: the regularization rate must be above 0")

df = pd.concat(pd.read_csv(f) for f in sorted(Path(args.training_data).glob("*.csv")))
X_train, X_test, y_train, y_test = train_test_split(
    df[FEATURES].values, df["Diabetic"].values, test_size=0.30, random_state=0
)
model = LogisticRegression(C=1 / args.reg_rate, solver="liblinear").fit(X_train, y_train)

accuracy = accuracy_score(y_test, model.predict(X_test))
auc = roc_auc_score(y_test, model.predict_proba(X_test)[:, 1])
print(f"Accuracy: {accuracy}\nAUC: {auc}")
mlflow.log_metric("Accuracy", float(accuracy))
mlflow.log_metric("AUC", float(auc))

out = Path(args.model_output)
out.mkdir(parents=True, exist_ok=True)
with open(out / "model.sav", "wb") as f:
    pickle.dump(model, f)
