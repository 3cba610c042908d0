/**
 * Word pools for the demo county. Every name here is invented for the demo; any likeness
 * to a real place is chance.
 */

/** Surnames, most common first (the generator favours the front of the list). */
export const surnames = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高梁郑谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史黎贺顾毛郝龚邵万钱覃武戴孔汤庞',
];

/** Characters for given names, by gender. */
export const givenNameChars = {
  male: [
    ...'伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆旭宁龙林洋亮成峰建国文志海东兵德庆春松良新立',
  ],
  female: [...'芳娜敏静丽艳娟霞燕玲婷雪慧红琳洁倩颖莉萍梅兰琴云璐欣悦佳瑶晶蕾'],
} as const;

/** Streets (街道) of the county seat. */
export const streetNames = ['城东街道', '城西街道'] as const;
/** Towns (镇). */
export const townNames = [
  '青龙镇',
  '石桥镇',
  '白沙镇',
  '柳河镇',
  '龙泉镇',
  '新安镇',
  '清溪镇',
] as const;
/** Townships (乡). */
export const townshipNames = [
  '桃源乡',
  '杨柳乡',
  '梅岭乡',
  '竹坪乡',
  '松林乡',
  '黄土乡',
  '长岭乡',
  '枫林乡',
  '高峰乡',
  '双河乡',
  '莲花乡',
] as const;

const clanVillages = [...'张李王刘陈杨黄周何罗'].flatMap((s) =>
  [...'湾坪岭冲庄坝沟垭'].map((t) => `${s}家${t}`),
);
const namedVillages =
  '石门 桥头 河口 高坪 龙潭 凤凰 白果 茶园 竹园 三合 双龙 五星 红旗 光明 胜利 和平 团结 永丰 金山 银杏 长冲 大塘 枫树 桂花 杉木 水口 新华 东风 青山 碧水 太平 长寿 兴隆 丰收 联合 民主 幸福 前进 新民 安乐'.split(
    ' ',
  );

/** Stems of village names (…村). */
export const villageStems: readonly string[] = [...clanVillages, ...namedVillages];

/** Stems of community names (…社区). */
export const communityStems: readonly string[] =
  '人民路 解放路 滨河 文昌 锦绣 和谐 新华街 东门 西门 南苑 北苑 建设路 朝阳 育才 迎宾 紫薇 翠竹 春晖'.split(
    ' ',
  );
