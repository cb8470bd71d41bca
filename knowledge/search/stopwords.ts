// Stage 1c: stopwords. Function words and the question scaffolding of layperson questions
// ("请问…怎么办") that carry no legal meaning. Dropped from queries and from the index alike.
// Kept short on purpose: legal words that look common (应当, 可以, 不得) are left to IDF.

const WORDS = `
的 了 着 过 是 在 和 与 及 或 或者 并 并且 而 而且 但 但是 就 都 也 还 又 再 才 只 已 已经 被 把 让 给 对 对于 从 向 于 以 为 为了
之 其 此 该 这 那 这个 那个 这些 那些 这样 那样 这种 那种 哪 哪些 哪个 什么 怎么 怎么办 怎样 怎么样 如何 为什么 为何 多少 几 是否 是不是 有没有 能不能 可不可以 会不会
吗 呢 吧 啊 呀 哦 嘛 哈 呐 么 吗? 呢? 请问 请教 咨询 问 问一下 问问 一下 想 想问 想知道 知道 谢谢 您好 你好 麻烦 帮忙 帮
我 我们 你 你们 您 他 他们 她 她们 它 它们 自己 别人 人家 大家 咱 咱们 本人 俺
一个 一些 一种 一下子 个 些 种 次 件 位 很 非常 特别 比较 太 最 更 挺 真 真的 确实 其实 还是 就是 只是 也是 都是 然后 后来 现在 目前 当时 这时
有 没 没有 不 不是 会 能 能够 要 需要 应该 可以 可能 得 地 等 等等 所以 因为 因此 如果 假如 要是 的话 虽然 即使 同时 另外 以及 关于 按照 根据 通过 进行
`;

export const STOPWORDS: ReadonlySet<string> = new Set(WORDS.split(/\s+/).filter(Boolean));

/** Single characters that never start or end a useful bigram. */
export const STOP_CHARS: ReadonlySet<string> = new Set('的了着吗呢吧啊呀哦嘛么我你您他她它们这那是在和与及或就都也还又被把让给'.split(''));
