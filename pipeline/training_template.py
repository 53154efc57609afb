"""The spaCy training config of the embedded Dutch pipeline, as data.

Out: CONFIG_TEMPLATE (config text with null paths; `pipeline.training.build_config` fills in paths and
hyperparameters) and PRETRAIN_DEFAULTS (spaCy's default `[pretraining]` block, merged in when the tok2vec
is pretrained). The template's train corpus names the augmenter of `pipeline.training_augment`.
"""

from __future__ import annotations

from pathlib import Path

import spacy

PRETRAIN_DEFAULTS = Path(spacy.__file__).parent / "default_config_pretraining.cfg"  # characters objective

CONFIG_TEMPLATE = """
[paths]
train = null
dev = null
vectors = null
init_tok2vec = null

[system]
gpu_allocator = null
seed = 0

[nlp]
lang = "nl"
pipeline = ["tok2vec","morphologizer","parser","trainable_lemmatizer"]
batch_size = 256
tokenizer = {"@tokenizers":"spacy.Tokenizer.v1"}

[components]

[components.tok2vec]
factory = "tok2vec"

[components.tok2vec.model]
@architectures = "spacy.Tok2Vec.v2"

[components.tok2vec.model.embed]
@architectures = "spacy.MultiHashEmbed.v2"
width = ${components.tok2vec.model.encode.width}
attrs = ["NORM","PREFIX","SUFFIX","SHAPE"]
rows = [12000,1000,4000,1000]
include_static_vectors = false

[components.tok2vec.model.encode]
@architectures = "spacy.MaxoutWindowEncoder.v2"
width = 96
depth = 4
window_size = 1
maxout_pieces = 3

[components.morphologizer]
factory = "morphologizer"

[components.morphologizer.model]
@architectures = "spacy.Tagger.v2"
nO = null

[components.morphologizer.model.tok2vec]
@architectures = "spacy.Tok2VecListener.v1"
width = ${components.tok2vec.model.encode.width}
upstream = "tok2vec"

[components.parser]
factory = "parser"
learn_tokens = false
min_action_freq = 5

[components.parser.model]
@architectures = "spacy.TransitionBasedParser.v2"
state_type = "parser"
extra_state_tokens = false
hidden_width = 128
maxout_pieces = 2
use_upper = true
nO = null

[components.parser.model.tok2vec]
@architectures = "spacy.Tok2VecListener.v1"
width = ${components.tok2vec.model.encode.width}
upstream = "tok2vec"

[components.trainable_lemmatizer]
factory = "trainable_lemmatizer"
backoff = "orth"
min_tree_freq = 2
top_k = 3

[components.trainable_lemmatizer.model]
@architectures = "spacy.Tagger.v2"
nO = null

[components.trainable_lemmatizer.model.tok2vec]
@architectures = "spacy.Tok2VecListener.v1"
width = ${components.tok2vec.model.encode.width}
upstream = "tok2vec"

[corpora]

[corpora.train]
@readers = "spacy.Corpus.v1"
path = ${paths.train}
max_length = 0

[corpora.train.augmenter]
@augmenters = "ontmoeting.lexicon_swap.v1"
level = 0.5
swap_prob = 0.3

[corpora.dev]
@readers = "spacy.Corpus.v1"
path = ${paths.dev}
max_length = 0

[training]
dev_corpus = "corpora.dev"
train_corpus = "corpora.train"
seed = ${system.seed}
dropout = 0.1
patience = 2000
max_epochs = 0
max_steps = 4000
eval_frequency = 200

[training.batcher]
@batchers = "spacy.batch_by_words.v1"
discard_oversize = false
tolerance = 0.2

[training.batcher.size]
@schedules = "compounding.v1"
start = 100
stop = 1000
compound = 1.001

[training.logger]
@loggers = "spacy.ConsoleLogger.v1"
progress_bar = false

[training.optimizer]
@optimizers = "Adam.v1"
learn_rate = 0.001
# parameter averaging: steadier weights from a small treebank
use_averages = true

[training.score_weights]
pos_acc = 0.2
morph_acc = 0.1
lemma_acc = 0.2
dep_uas = 0.0
dep_las = 0.4
sents_f = 0.1
"""
