/**
 * Chinese measure words (classifiers) and the units that follow numbers, in one place: a count
 * question asks "多少<measure>" and its answer reads "<number><measure>". The list is the common
 * classifiers of modern written Chinese plus units of money, time, people and magnitude; it is not
 * tuned to any corpus.
 */
export const CLASSIFIERS = '个家款种项位名次席倍条件张只部辆座所篇份套期届轮场支架艘枚颗块处层页组类代基台通幅户笔例首门节栋间';
export const UNITS = '元亿万千百年月天日秒分时人岁';

/** Everything that can follow a number as its measure. */
export const MEASURES = CLASSIFIERS + UNITS;
