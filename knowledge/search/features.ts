// Stage 5 input: the features of one candidate article, from every recall run and the learned
// priors. Fixed order; the reranker's weights are stored against FEATURE_NAMES so an old model
// with other features is detected and ignored.

export const FEATURE_NAMES = [
  'kw_score', // keyword BM25 / best keyword score
  'kw_rank', // log(1 + rank) in the keyword run (missing = log(1 + 1000))
  'full_score', // expanded-query BM25 (thesaurus + associations) / best
  'full_rank',
  'vote_score', // summed similarity of past orders citing it
  'vote_max', // best single voter similarity
  'vote_rank',
  'voters', // log(1 + number of voters)
  'art_prior', // log(1 + times cited by past orders)
  'law_prior', // log(1 + orders citing the law)
  'never_cited',
  'law_post_kw', // share of the top expanded-run score mass on this article's law
  'law_post_vote', // share of order votes on this article's law
  'law_named', // the question names this article's law
  'exact_ref', // the question names this very article
  'is_law', // national law (法律) vs regulation, interpretation ...
  'len', // log(article length in terms)
  'vector', // cosine from the vector stage (0 when off)
  'cocite', // cited together (by past orders) with the top voted / keyword articles
  'adjacent', // next to one of the top voted / keyword articles in the same law
  'coverage', // share of the question's word IDF mass found in the article (absolute, not relative)
  'kw_abs', // keyword BM25 / the most the question's terms could score (absolute match quality)
  'law_rank', // log(1 + rank of its law by keyword + vote mass)
  'in_law_rank', // log(1 + rank among the candidates of the same law)
  'cited_text', // BM25 of the question against the questions + answers of the orders citing it / best
  'cited_text_rank', // log(1 + rank) in that run
  'law_text', // share of the law-level match of the question against the past orders citing each law
  'law_text_rank', // log(1 + rank of its law in that match)
  'chapter_text', // the same per chapter (law title + chapter path)
  'chapter_text_rank',
  'word_vec', // cosine of the question and the article in the corpus-trained word space (unit-vectors.ts)
  'word_vec_rel', // the same minus the best cosine in the pool (≤ 0)
  'word_soft', // IDF-weighted share of the question's words met by the same or a near word (soft-match.ts; trees only)
] as const;

export const N_FEATURES = FEATURE_NAMES.length;
export const MISSING_RANK = Math.log(1 + 1000);
