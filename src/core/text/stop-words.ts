// English stop words plus the filler of questions ("how", "tell me about") and of chat ("kinda", "btw",
// the "s" of "project's"), dropped from keyword queries and from the relevance check: they match
// everywhere, slow BM25 down and say nothing about the topic. Only words that are filler in any domain:
// "random" or "quick" are topics somewhere (a randomised trial, a quick start).
export const STOP_WORDS: ReadonlySet<string> = new Set(
  `a about above after again against all almost also am among an and any are aren't as at be because been before
  being below between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during
  each either else ever every few for from further get gets got had hadn't has hasn't have haven't having he he'd
  he'll he's her here here's hers herself him himself his how how's however i i'd i'll i'm i've if in into is isn't
  it it's its itself just let's like many may me might more most much must mustn't my myself neither no nor not now
  of off on once only or other ought our ours ourselves out over own per please quite rather really same say says said
  shan't she she'd she'll she's should shouldn't so some such tell than that that's the their theirs them themselves
  then there there's these they they'd they'll they're they've this those though through thus to too under until up
  upon us use used using very via was wasn't we we'd we'll we're we've were weren't what what's whatever when when's
  where where's whether which while who who's whom whose why why's will with within without won't would wouldn't yes
  yet you you'd you'll you're you've your yours yourself yourselves anyone anything someone something know knew want
  wanted need needs explain mention mentioned mentions talk talked talking describe described thing things way ways
  take took taken takes come came comes go goes went gone happen happened happens give gave given gives make made
  makes put keep kept see saw seen look looks find found mean means kind sort lot lots
  s t d ll re ve m q kinda sorta stuff actually basically pls plz thx thanks hey hi hello folks guys trivia btw tbh
  imo imho afaik idk iirc fyi ok okay wondering curious`
    .split(/\s+/)
    .filter((w) => w.length > 0),
);
