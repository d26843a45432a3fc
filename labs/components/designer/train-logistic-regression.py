"""Train a Logistic Regression Classifier Model on the diabetes data; logs Accuracy and AUC.

Component `train_logistic_regression_classifier_model` (version 1) of the Designer lab; registered
by dp100-labs. `--reg_rate` is the regularization rate (the inverse of scikit-learn's C).
"""
import argparse

from diabetes_common import train_and_save
from sklearn.linear_model import LogisticRegression

parser = argparse.ArgumentParser("train_logistic_regression_classifier_model")
parser.add_argument("--training_data", type=str, required=True, help="Folder of CSV files")
parser.add_argument("--reg_rate", type=float, default=0.01, help="Regularization rate, > 0")
parser.add_argument("--model_output", type=str, required=True, help="Folder for model.sav")
args = parser.parse_args()
if args.reg_rate <= 0:
    parser.error(f"--reg_rate {args.reg_rate}: the regularization rate must be above 0")

model = LogisticRegression(C=1 / args.reg_rate, solver="liblinear")
train_and_save(model, args.training_data, args.model_output)
