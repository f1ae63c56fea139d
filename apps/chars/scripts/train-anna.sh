#!/usr/bin/env bash
# Trains (or, run again, continues training) the shipped `anna` model; see train-model.sh
# (OUT, MAX_MINUTES, HIDDEN, DROPOUT; extra arguments go to `seq2seq-chars train`).
#
#   bash apps/chars/scripts/train-anna.sh
#   MAX_MINUTES=60 bash apps/chars/scripts/train-anna.sh
exec bash "$(dirname "$0")/train-model.sh" anna "$@"
