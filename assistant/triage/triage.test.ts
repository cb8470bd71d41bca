import { mkdtempSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DOMAINS, SERVICES, loadTriageRules } from './rules';
import { Triager } from './triage';

const here = dirname(fileURLToPath(import.meta.url));
const t = new Triager();
const c = (text: string) => t.classify(text).triage;

describe('triage data files', () => {
  it('load, validate and cover every domain label', () => {
    const rules = loadTriageRules();
    const domains = new Set(rules.keywords.map((k) => k.domain));
    for (const d of DOMAINS.filter((x) => x !== '其他')) expect(domains.has(d), d).toBe(true);
    expect(rules.services.rules.map((r) => r.service).every((s) => SERVICES.includes(s))).toBe(true);
    // longest keywords first, so a longer match hides shorter ones inside it
    for (let i = 1; i < rules.keywords.length; i++) expect(rules.keywords[i - 1].word.length).toBeGreaterThanOrEqual(rules.keywords[i].word.length);
  });

  it('refuses a data file with a broken pattern or an unknown label, naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'triage-rules-'));
    for (const f of ['domains.json', 'flags.json', 'services.json']) copyFileSync(join(here, f), join(dir, f));
    const flags = JSON.parse(readFileSync(join(dir, 'flags.json'), 'utf8'));
    flags.emergency.patterns.push('(unclosed');
    writeFileSync(join(dir, 'flags.json'), JSON.stringify(flags));
    expect(() => loadTriageRules(dir)).toThrow(/flags\.json.*emergency/);
    copyFileSync(join(here, 'flags.json'), join(dir, 'flags.json'));
    const services = JSON.parse(readFileSync(join(dir, 'services.json'), 'utf8'));
    services.rules[0].service = '算命';
    writeFileSync(join(dir, 'services.json'), JSON.stringify(services));
    expect(() => loadTriageRules(dir)).toThrow(/services\.json/);
  });
});

describe('triage', () => {
  it('classifies the main domains', () => {
    expect(c('老板拖欠我三个月工资不给').domain).toBe('劳动');
    expect(c('上班时从架子上摔下来骨折了').domain).toBe('社保工伤');
    expect(c('想离婚，孩子抚养权归谁').domain).toBe('婚姻家庭');
    expect(c('我爸去世了没留遗嘱').domain).toBe('继承');
    expect(c('骑电动车被车撞了').domain).toBe('交通事故');
    expect(c('网购买到假货商家不给退').domain).toBe('消费');
    expect(c('朋友借钱打了借条不还').domain).toBe('借贷债务');
    expect(c('房东不退押金').domain).toBe('房产物业');
    expect(c('被邻居家的狗咬了').domain).toBe('侵权');
    expect(c('村里征地补偿太低').domain).toBe('土地征收');
    expect(c('我七十多了儿女不给赡养费').domain).toBe('老年人');
  });

  it('a longer word hides the shorter one inside it (劳动合同 is not 合同)', () => {
    const r = t.classify('公司不跟我签劳动合同');
    expect(r.triage.domain).toBe('劳动');
    expect(r.detail.matched).toContain('劳动合同→劳动');
    expect(r.detail.matched).not.toContain('合同→合同');
  });

  it('a delivery worker who hit someone is a traffic accident, a delivery order gone wrong is 消费', () => {
    expect(t.classify('外卖小哥送餐时撞了我，该找谁赔').triage.domain).toBe('交通事故');
    expect(t.classify('快递员骑车把我撞了').triage.domain).toBe('交通事故');
    expect(t.classify('外卖吃出虫子，商家不认').triage.domain).toBe('消费');
  });

  it('flags emergencies with urgency emergency, and not a haggling price', () => {
    for (const q of ['他拿着刀在门外说要砍死我', '我不想活了', '老公正在打我，救命', '孩子放学到现在都没回来']) {
      const r = c(q);
      expect(r.flags, q).toContain('emergency');
      expect(r.urgency).toBe('emergency');
    }
    expect(c('商场跳楼价甩卖的衣服质量有问题').flags).not.toContain('emergency');
  });

  it('emergency combinations catch new wordings (weapon + holding it, harm + now, self-harm, confinement)', () => {
    for (const q of ['几个人抄起铁棍在我家门口', '他刚才又掐我了', '我想不开，已经吃了一瓶药', '我被人扣着不让走，求救', '手上的血一直流']) {
      expect(c(q).flags, q).toContain('emergency');
    }
    for (const q of ['邻居装修砸墙太吵了', '刀具质量有问题商家不退', '以前被人打过，现在想起诉他', '献血后单位不给假']) {
      expect(c(q).flags, q).not.toContain('emergency');
    }
  });

  it('emergency rules are safety-first for indirect wordings (hiding, threats to come, missing child, a fall, sextortion, self-harm hints)', () => {
    for (const q of [
      '我现在躲在卧室里不敢出声，他在外面摔东西',
      '他放话说明天来找我算账，上回把我打进了医院',
      '我儿子昨天去网吧到今天早上还没回家，电话一直打不通',
      '我奶奶在家摔倒了起不来，我在外地',
      '对方说不转钱就把我的私密视频发到网上',
      '安眠药都准备好了，就想问问我走了以后存款给谁',
      '两家人拿着镰刀在地头打起来了',
      '讨债的说再不还钱就打断我的腿',
    ]) {
      expect(c(q).flags, q).toContain('emergency');
    }
    for (const q of ['我爸走了以后房子怎么分', '敲诈勒索罪一般判几年', '公司欠我工资，我想去仲裁']) {
      expect(c(q).flags, q).not.toContain('emergency');
    }
  });

  it('the learned model names a domain the rules miss, and stays out of handoff requests and vague text', () => {
    const noModel = new Triager(undefined, null);
    const q = '卖出去一车西瓜，买家收了货一直拖着不结账';
    const plain = noModel.classify(q);
    const blended = t.classify(q);
    expect(blended.detail.model).not.toBeNull();
    if (plain.triage.domain === '其他') {
      expect(blended.detail.domainBy).toBe('model');
      expect(blended.triage.confidence).toBeLessThanOrEqual(0.5);
    }
    expect(blended.triage.domain).not.toBe('其他');
    expect(noModel.classify(q).detail.model).toBeNull();
    for (const x of ['你听不懂，叫个真人来', '在吗在吗']) {
      expect(t.classify(x).triage.domain, x).toBe('其他');
      expect(t.classify(x).detail.domainBy, x).not.toBe('model');
    }
  });

  it('recognises handoff requests without reading 人工智能 as one', () => {
    expect(c('转人工').flags).toEqual(['wants_human']);
    expect(c('我要找真人').flags).toContain('wants_human');
    for (const q of ['这事说不清，帮我转给你们工作人员', '有没有人啊，我等半天了', '我想当面找人咨询一下', '能不能叫律师回个电话']) {
      expect(c(q).flags, q).toContain('wants_human');
    }
    expect(c('人工智能写的合同有效吗').flags).not.toContain('wants_human');
    expect(c('人工智能生成的合同有效吗').flags).not.toContain('wants_human');
  });

  it('complaints about a legal service go to 投诉建议; a shop complaint stays a legal question', () => {
    const r = c('我要投诉你们的工作人员，态度太差');
    expect(r.flags).toContain('complaint');
    expect(r.service).toBe('投诉建议');
    expect(c('网购的衣服有质量问题，我要投诉商家').flags).not.toContain('complaint');
  });

  it('marks 法律援助法 matters and routes explicit legal-aid requests', () => {
    const wage = t.classify('工地老板欠我们工钱不给，我们请不起律师');
    expect(wage.triage.flags).toContain('legal_aid_candidate');
    expect(wage.triage.service).toBe('法律援助');
    expect(wage.detail.legalAidMatters).toContain('请求支付劳动报酬');
    expect(c('离婚后他一直不给抚养费').flags).toContain('legal_aid_candidate');
    expect(c('合同里的违约金太高').flags).not.toContain('legal_aid_candidate');
  });

  it('asks for more when vague, refuses what is out of scope', () => {
    expect(c('我被骗了怎么办').flags).toContain('vague');
    expect(c('你好').flags).toContain('vague');
    expect(c('我被骗了五万，对方冒充公检法让我转账').flags).not.toContain('vague');
    expect(c('今天天气怎么样').flags).toEqual(['out_of_scope']);
  });

  it('a follow-up with no domain words keeps the conversation domain', () => {
    const first = c('公司拖欠工资三个月');
    const follow = t.classify('那我要准备什么材料？', { previous: first }).triage;
    expect(follow.domain).toBe('劳动');
    expect(follow.flags).not.toContain('vague');
  });

  it('services: notarisation, appraisal, mediation, lawyer', () => {
    expect(c('遗嘱公证要带什么').service).toBe('公证');
    expect(c('车祸伤残鉴定去哪做').service).toBe('司法鉴定');
    expect(c('邻居占了楼道，想找人来调解').service).toBe('人民调解');
    expect(c('想请个律师打官司，律师费多少').service).toBe('律师服务');
    expect(c('醉驾会怎么判').service).toBe('法律咨询');
  });

  it('confidence is higher for a clear question than for a mixed one', () => {
    expect(c('公司拖欠工资还不给加班费').confidence).toBeGreaterThan(c('合同').confidence);
    expect(c('今天天气').confidence).toBeLessThanOrEqual(0.2);
  });

  it('meets the targets on the labelled set (evals/triage.jsonl)', () => {
    const lines = readFileSync(join(here, '../../evals/triage.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
    expect(lines.length).toBeGreaterThanOrEqual(120);
    let d = 0;
    let s = 0;
    let emergencies = 0;
    let caught = 0;
    for (const it of lines) {
      const r = c(it.question);
      if (r.domain === it.domain) d++;
      if (r.service === it.service) s++;
      if (it.flags.includes('emergency')) {
        emergencies++;
        if (r.flags.includes('emergency')) caught++;
      }
    }
    expect(d / lines.length).toBeGreaterThanOrEqual(0.9);
    expect(s / lines.length).toBeGreaterThanOrEqual(0.85);
    expect(caught).toBe(emergencies);
  });
});
