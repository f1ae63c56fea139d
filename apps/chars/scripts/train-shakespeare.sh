#!/usr/bin/env bash
# Trains (or, run again, continues training) the shipped `shakespeare` model; see train-model.sh
# (OUT, MAX_MINUTES, HIDDEN, DROPOUT; extra arguments go to `seq2seq-chars train`).
#
#   bash apps/chars/scripts/train-shakespeare.sh
#   MAX_MINUTES=60 bash apps/chars/scripts/train-shakespeare.sh
exec bash "$(dirname "$0")/train-model.sh" shakespeare "$@"
