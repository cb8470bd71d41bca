// knowledge/search: the retrieval pipeline behind Knowledge.search. One file per stage; the
// engine (./engine.ts) runs them in this order for every question:
//
//  1. normalise + segment   normalize.ts, segment.ts, stopwords.ts, query.ts
//     NFKC, lower case; jieba search mode (劳动合同法 → 劳动 合同 合同法 劳动合同) plus character
//     bigrams (#工资), stopwords and question scaffolding dropped. Own words weigh 1, bigrams 0.35,
//     conversation context 0.3.
//  2. expand                expand.ts, ../thesaurus/, associations.ts
//     a. the reviewed colloquial→legal thesaurus (老板→用人单位, 炒鱿鱼→解除劳动合同), weight 0.5;
//     b. learned associations P(article word | question word) from past orders, top 50 terms,
//        weight 0.3 × relative strength.
//  3. recall                bm25.ts + article-index.ts, orders.ts, vector.ts (K3)
//     a. keyword: BM25 over two fields, article text and head (law title, 编, chapter path), so
//        "劳动合同法 解除" works; in-memory CSR postings (typed arrays), persisted per unit set;
//     a'. the same plus the expansions of step 2 ("expanded" run, top 200);
//     b. similar past orders: BM25 over past questions, the 50 nearest vote for the articles
//        they cited (weighted by similarity);
//     c. vector: cosine kNN over embedded units, only when an embedding provider is configured
//        and its index is live (diagnostics say 'off' and why otherwise);
//     d. what past orders said (cited-text.ts, doc2query without a model): every cited article,
//        law and chapter gets a document of the questions + answers (reference answers,
//        resolutions) of the orders that cited it; BM25 of the question against them gives the
//        top 100 articles, a law score (added to the law ranking) and the top 10 chapters, whose
//        articles join the pool (chapters of at most 40 articles).
//     Filters (kinds, law by full or short name, in force only, region) are a per-document mask
//     applied inside every run.
//  4. fuse                  engine.ts (retrieve), coverage.ts
//     the union of the runs, plus articles co-cited with the best seeds by past orders, their
//     neighbours, and the most cited articles of the laws the runs point to; every candidate gets
//     the feature vector of features.ts (run scores and ranks, votes, priors, law posteriors,
//     coverage of the question's words (coverage.ts, one pass over each term's postings),
//     explicit references, the cited-text scores of the article, its law and chapter, and the
//     cosine of question and article in the word space the corpus teaches itself: word-vectors.ts,
//     svd.ts, unit-vectors.ts; PPMI + SVD over the statutes' own text, no pretrained model), and
//     the share of the question's words the article meets with the same or a near word of that
//     space (soft-match.ts over each word's 100 nearest words, word-neighbours.ts).
//  5. rerank                rerank.ts, linear.ts, gbdt.ts, priors.ts, learned.ts
//     logistic regression over all candidates, then boosted trees over its top 300, both learned
//     from past orders replayed out-of-fold (a fixed fusion before there are 20 orders); the top
//     20 are re-picked by trees + 0.1 × the linear score (the tail keeps the trees' order). With
//     vectors live, the vector run joins by reciprocal rank after the reranker.
//  6. explain               explain.ts
//     per hit: keyword terms hit, expansions that hit ("老板→用人单位"), past orders that voted,
//     vector score, rank in every stage. Confidence: the calibrated top score × the top hit's
//     coverage of the question's words.
//
// Learning loop: Knowledge.addPastOrder stores the order (K1's queries) and adds it at once to
// the votes, priors, associations and co-citations; the reranker is retrained at the next open
// once the order set has grown by a fifth (weights are persisted in search_artifacts).
export { SearchEngine, ALL_STAGES, type StageSwitches, type EngineOptions } from './engine';
export { FEATURE_NAMES } from './features';
