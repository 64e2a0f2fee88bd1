"""A reproducible synthetic corpus of call transcripts (seeded), shaped like real gas-utility calls.

Typical calls have about 40 utterances and 1,500 characters, with violation rates a QA team sees:
some calls miss the opening or closing, a few use a forbidden expression, some overuse fillers or
hold too long. Nothing here is real customer data.
"""
from __future__ import annotations

import json
import random
from typing import Iterator

OPENINGS = ["您好！请问有什么可以帮助您？", "早上好，请问有什么可以帮助您？", "下午好，中邑燃气，请问有什么可以帮到您？",
            "您好，欢迎致电中邑燃气客户服务热线，客服专员小李很高兴为您服务，请问有什么可以帮到您？"]
BAD_OPENINGS = ["喂，说吧。", "嗯，你说。", "中邑燃气。"]
CLOSINGS = ["感谢您的来电，再见！", "好的，感谢您的来电，祝您生活愉快，再见！"]
BAD_CLOSINGS = ["好的，拜拜。", "嗯，就这样吧。"]
CUSTOMER = ["我想查一下我家这个月的燃气费交了没有。", "我家的燃气表显示余额不足了，怎么充值比较方便？",
            "上次报修的师傅说今天上午过来，现在还没到，能帮我问一下吗？", "好的，我的用户编号是一二三四五六七八。",
            "我家住在幸福小区三栋二单元五零二，户主姓王。", "那我是在营业厅交还是可以在手机上交？", "嗯，明白了。",
            "这个月的燃气费怎么比上个月多了这么多，是不是表有问题？", "好的，谢谢。", "那大概什么时候能处理好？",
            "可以，我下午一直在家。", "没有别的问题了。"]
AGENT = ["感谢您的等待，王先生，您本月的燃气费已经交到本月底了。",
         "您可以通过中邑燃气的微信公众号或者支付宝生活缴费进行充值，充值后请将燃气卡插入表具。",
         "我这边帮您联系一下维修师傅，请您保持电话畅通，师傅会在半小时内给您回电。",
         "王先生，这个月用气量比上个月多，主要是天气转冷以后采暖用气增加了。",
         "如果您对表具计量有疑问，我们可以安排工作人员上门免费检测。", "好的，已经帮您登记了，工单号是二零二六一一一八。",
         "请问还有其它问题吗？", "不客气，这是我们应该做的。", "好的，王先生，请问您方便的时间是上午还是下午？"]
# A second sentence for agent turns, so that a typical call has about 1,500 characters.
AGENT_MORE = ["请您放心，我们会尽快处理。", "如果您还有其他疑问，可以随时拨打我们的客服热线，我们二十四小时为您服务。",
              "另外提醒您，使用燃气时请保持厨房通风，离开家时记得关闭燃气阀门。",
              "这边已经为您记录下来，稍后会有工作人员和您联系确认具体情况。",
              "您也可以关注中邑燃气微信公众号，在线查询用气量和缴费记录。"]
FORBIDDEN = ["不知道。", "这个我不清楚，你找营业厅吧。", "你快一点讲。", "不行，这是规定，就不行。"]
FILLERS = ["好嘛，就这样喽。", "对嘛，没问题的嘛。"]


# How often an agent follows the standard where a typical call gives the chance (the rest are findings):
# answering the customer's thanks, thanking the customer after a hold, asking 「还有其它问题吗」 before
# the goodbye. QA teams see most agents comply most of the time; the dense stress set covers the rest.
ANSWERS_THANKS = 0.8
THANKS_AFTER_HOLD = 0.8
ASKS_ANYTHING_ELSE = 0.8
HOLD = "好的，请您稍等，我帮您查询一下。"
THANKS_FOR_WAITING = "感谢您的等待，"
YOU_ARE_WELCOME = "不客气，这是我们应该做的。"
ANYTHING_ELSE = "请问还有其它问题吗？"


def typical_call(rng: random.Random, index: int, utterances: int = 40) -> dict:
    """One call of about ``utterances`` utterances (~35 characters each), with random violations."""
    lines = [("agent", rng.choice(BAD_OPENINGS if rng.random() < 0.08 else OPENINGS))]
    held = False
    while len(lines) < utterances - 2:
        customer = rng.choice(CUSTOMER)
        lines.append(("customer", customer))
        roll = rng.random()
        text = rng.choice(AGENT) + "".join(rng.sample(AGENT_MORE, 2 if rng.random() < 0.3 else 1))
        if held and rng.random() < THANKS_AFTER_HOLD:
            text = THANKS_FOR_WAITING + text
        elif "谢谢" in customer and rng.random() < ANSWERS_THANKS:
            text = YOU_ARE_WELCOME + text
        held = False
        if roll < 0.01:
            text = rng.choice(FORBIDDEN) + text
        elif roll < 0.02:
            text = rng.choice(FILLERS) + text
        elif roll < 0.08:
            text, held = HOLD, True
        lines.append(("agent", text))
    if len(lines) > 2 and rng.random() < ASKS_ANYTHING_ELSE:
        lines[-1] = ("agent", ANYTHING_ELSE)
    lines.append(("customer", "没有了，谢谢。"))
    lines.append(("agent", rng.choice(BAD_CLOSINGS if rng.random() < 0.1 else CLOSINGS)))
    clock = 0.0
    utterance_dicts = []
    for speaker, text in lines:
        start = clock + rng.uniform(0.3, 1.5)
        end = start + len(text) / rng.uniform(2.8, 3.6)
        utterance_dicts.append({"speaker": speaker, "text": text, "start": round(start, 2), "end": round(end, 2)})
        clock = end
    return {"id": f"call-{index:06d}", "direction": "inbound", "started_at": "2026-11-18T10:15:00+08:00",
            "agent": {"id": f"{4000 + index % 50}"}, "customer": {"surname": "王", "title": "先生"},
            "metadata": {"hangup_by": "customer", "ring_seconds": 2.0}, "utterances": utterance_dicts}


def typical_calls(count: int, seed: int = 20261123, utterances: int = 40) -> Iterator[dict]:
    rng = random.Random(seed)
    for index in range(count):
        yield typical_call(rng, index, utterances)


def dense_call(rng: random.Random, index: int, utterances: int = 40) -> dict:
    """A call in which every agent utterance holds forbidden expressions and fillers (the stress case)."""
    call = typical_call(rng, index, utterances)
    for utterance in call["utterances"]:
        if utterance["speaker"] == "agent":
            utterance["text"] = "".join(rng.sample(FORBIDDEN + FILLERS, 3)) + utterance["text"]
    return call


def write_jsonl(path: str, calls: Iterator[dict]) -> int:
    count = 0
    with open(path, "w", encoding="utf-8") as out:
        for call in calls:
            out.write(json.dumps(call, ensure_ascii=False) + "\n")
            count += 1
    return count


def write_cycled(source, target, count: int) -> None:
    """``count`` calls: the lines of a JSONL file of calls again and again, each round's ids made unique."""
    with open(source, "rb") as stream:
        lines = stream.readlines()
    with open(target, "wb") as out:
        for index in range(count):
            line = lines[index % len(lines)]
            round_ = index // len(lines)
            out.write(line.replace(b'"id": "call-', f'"id": "r{round_}-call-'.encode(), 1) if round_ else line)


def synthetic_phrases(count: int, seed: int = 7) -> list[str]:
    """``count`` distinct 4–8 character Chinese expressions for a large forbidden-phrase pack."""
    rng = random.Random(seed)
    alphabet = "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后作里"
    phrases: set[str] = set()
    while len(phrases) < count:
        phrases.add("".join(rng.choice(alphabet) for _ in range(rng.randint(4, 8))))
    return sorted(phrases)


def clean_call() -> dict:
    """A short standard call that breaks no rule, with nothing that needs a word-boundary check."""
    return {"id": "clean", "started_at": "2026-11-18T10:15:00+08:00", "utterances": [
        {"speaker": "agent", "text": OPENINGS[0]}, {"speaker": "customer", "text": CUSTOMER[0]},
        {"speaker": "agent", "text": HOLD}, {"speaker": "agent", "text": AGENT[0]},
        {"speaker": "agent", "text": ANYTHING_ELSE}, {"speaker": "customer", "text": "没有了。"},
        {"speaker": "agent", "text": CLOSINGS[0]}]}


def filler_call() -> dict:
    """The same call with a filler particle, whose word-boundary check loads the segmenter."""
    call = clean_call()
    call["utterances"][2] = {"speaker": "agent", "text": "好嘛，" + AGENT[0]}
    return call


def flooded_call(hits: int) -> dict:
    """One agent utterance repeating a forbidden greeting ``hits`` times (each a word-boundary check)."""
    return {"id": "flooded", "utterances": [
        {"speaker": "customer", "text": "你好"}, {"speaker": "agent", "text": "喂，" * hits}]}


def write_phrase_pack(path, name: str, phrases: list[str]) -> None:
    """A pack extending ``default`` with one forbidden rule of ``phrases``: how large packs are measured."""
    with open(path, "w", encoding="utf-8") as out:
        out.write(f"""extends: default
pack: {name}
rules:
  - id: forbidden.synthetic
    type: forbidden
    category: forbidden
    source: benchmark
    message: 使用忌语「{{evidence}}」
    phrases: {json.dumps(phrases, ensure_ascii=False)}
""")
