"""Train a Decision Tree Classifier Model on the diabetes data; logs Accuracy and AUC with MLflow.

Component `train_decision_tree_classifier_model` (version 1) of the Designer lab; registered by
dp100-labs.
"""
import argparse

from diabetes_common import train_and_save
from sklearn.tree import DecisionTreeClassifier

parser = argparse.ArgumentParser("train_decision_tree_classifier_model")
parser.add_argument("--training_data", type=str, required=True, help="Folder of CSV files")
parser.add_argument("--model_output", type=str, required=True, help="Folder for model.sav")
args = parser.parse_args()

train_and_save(DecisionTreeClassifier(random_state=0), args.training_data, args.model_output)
