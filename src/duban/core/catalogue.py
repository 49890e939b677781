"""The kinds of government unit, the names each takes at every level, and what each answers for.

A candidate list names units the way its own government does (区发改局, 市发展和改革委员会,
县发展改革局 …). Suggestions are learned and ruled per *kind*, then mapped back onto whatever
names the candidate list uses, so knowledge from one government carries to another.

`match(name)` gives a printed unit name its kind; `rule_scores(text)` scores the kinds whose
remit words a task's text uses. The table is `KINDS` below: aliases are the distinctive parts
of the names (level prefixes such as 国家/省/市/区/县 are not needed), remit words are phrases
of the unit's responsibilities as reports and plans write them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Kind:
    """One kind of unit: its key, its name stems, examples of its names by level, and its remit."""

    key: str
    aliases: tuple[str, ...]
    names: tuple[str, ...]  # 国家 / 省 / 市 / 县区 examples, for people and for tests
    remit: tuple[str, ...]
    party: bool = False  # a Party committee department rather than a government one
    group: bool = False  # a kind that stands for many units (乡镇街道, 区直部门)


@dataclass(frozen=True)
class RuleHit:
    """The kinds a text's words point to, with the words, for explanations."""

    score: float
    words: tuple[str, ...] = field(default_factory=tuple)


def _k(
    key: str,
    aliases: str,
    names: str,
    remit: str,
    *,
    party: bool = False,
    group: bool = False,
) -> Kind:
    return Kind(
        key=key,
        aliases=tuple(aliases.split()),
        names=tuple(names.split()),
        remit=tuple(remit.split()),
        party=party,
        group=group,
    )


KINDS: tuple[Kind, ...] = (
    _k(
        "发展改革",
        "发展改革 发展和改革 发改 项目办 重点项目 粮食局 粮食和物资储备 物价局 发展研究",
        "国家发展改革委 省发展改革委 市发展和改革委员会 市发改委 区发改局 县发展和改革局 区项目办",
        "地区生产总值 GDP 固定资产投资 项目库 重大项目 项目建设 项目谋划 专项债 中央预算内 预算内资金 "
        "争资 争取资金 项目储备 十四五 十五五 规划纲要 服务业增加值 服务业 现代服务业 社会信用 信用体系 "
        "价格 粮食储备 能耗 节能 双碳 碳达峰 碳中和 区域协调 同城化 都市圈 城市圈 新型城镇化 "
        "以工代赈 体制改革 供应链 要素保障 综合评价 指挥部 重点项目建设 项目入库 GEP 生态产品价值 同城 "
        "绿色低碳 绿色转型 低碳 绿电 零碳 "
        "充电桩 新能源 能源 光伏 天然气 油气 电网 电力 物流枢纽 国家战略 营商环境 民间投资 PPP 城乡融合 新开工 开工项目 续建项目 新质生产力 现代化产业体系 未来产业 战略性新兴产业 低空经济 数字经济 常住人口城镇化率 居民消费价格 单位地区生产总值能耗 能耗双控 投资拉动",
    ),
    _k(
        "财政",
        "财政 国资 国有资产",
        "财政部 省财政厅 市财政局 区财政局 区财政局(国资局)",
        "一般公共预算收入 财政收入 地方一般公共预算 预算 税收 收入 债务 化债 隐性债务 财政 国资 国企改革 "
        "国有企业 国有资产 资产盘活 平台公司 融资平台 政府采购 绩效 过紧日子 三保 转移支付 专项资金 "
        "直达资金 非税 资金监管 国资国企 总资产 净资产 营业收入 财源 三公经费 勤俭节约 政府投资基金 专项债券",
    ),
    _k(
        "科技经信",
        "科技经信 科经 科技和经济信息化 经济和信息化 经信 工业和信息化 工信 科学技术 科技 中小企业",
        "科技部 工业和信息化部 省科技厅 省经济和信息化厅 市科技局 市经信局 区科技经信局 区科经局",
        "规模以上工业 规上工业 工业增加值 工业总产值 工业投资 技改 技术改造 工业 制造业 先进制造 智能制造 "
        "产业链 链长 产业集群 主导产业 新兴产业 传统产业 转型升级 企业 规上企业 专精特新 小巨人 "
        "高新技术企业 高企 科技型中小企业 研发 研发投入 创新 科技成果 成果转化 技术合同 专利 中试 "
        "实验室 研究院 院士 揭榜挂帅 数字经济 5G 信息化 两化融合 绿色工厂 工业园 园区 标准化厂房 "
        "汽车 新能源汽车 专汽 电池 装备 光电子 芯片 安防 纺织 食品加工 医药 生物医药 新材料 产值 "
        "设备更新 入规 培育企业 企业服务 包联 纾困 中小企业 民营经济 上市 电力保障 高新技术 高新技术产业 "
        "新能源汽车 商用车 整车 零部件 产销 扩能 延链 惠企政策 科技特派员 科技副总",
    ),
    _k(
        "商务",
        "商务 商业 外贸 口岸",
        "商务部 省商务厅 市商务局 区商务局",
        "社会消费品零售总额 社零 消费 促消费 消费券 商贸 限额以上 限上 批零住餐 零售 餐饮 夜间经济 "
        "电商 电子商务 直播 外贸 进出口 出口 外资 实际使用外资 开放 商圈 步行街 会展 物流 冷链 "
        "家政 老字号 农村电商 商贸流通 市场主体 预制菜 内外贸 跨境电商 加工贸易 商业综合体 招商 "
        "服务外包 特色街区 消费场景",
    ),
    _k(
        "招商",
        "招商 投资促进 招投 投促",
        "省投资促进局 市招商局 区招商服务中心 区招商和投资促进中心 区招投中心",
        "招商引资 招商 签约 新签约 在谈项目 引进 招引 投资促进 一号工程 产业招商 基金招商 产业链招商 资本招商 平台招商 "
        "以商招商 驻点招商 客商 项目落地 到位资金 签约项目 头部企业 链主企业 招大引强",
    ),
    _k(
        "自然资源和规划",
        "自然资源 规划 国土",
        "自然资源部 省自然资源厅 市自然资源和规划局 区自然资源和规划局 县自然资源局",
        "国土空间规划 规划 三区三线 用地 建设用地 土地 收储 供地 耕地 耕地保护 占补平衡 增减挂钩 "
        "不动产 确权登记 矿产 矿山 地质灾害 测绘 村庄规划 多规合一 批而未供 闲置土地 土地要素 "
        "城市设计 控制性详细规划 自然资源 统一确权 生态修复 国土整治 全域土地综合整治 征收 征地 储备 "
        "风貌管控 山水林田湖草 封山育林 营造林 水土流失 矿山修复",
    ),
    _k(
        "住建",
        "住房和城乡建设 住房城乡建设 住建 建设局 城乡建设 房管 住房保障 房产",
        "住房城乡建设部 省住房和城乡建设厅 市住建局 区住建局 县住房和城乡建设局",
        "住房 房地产 保交楼 保障性住房 保障房 棚户区 棚改 老旧小区 城市更新 城中村 市政 道路 管网 "
        "燃气 供水 排水 污水管网 雨污分流 海绵城市 建筑 建筑业 装配式 绿色建筑 物业 小区 城建 "
        "人居环境 垃圾 垃圾处理 生活垃圾 垃圾分类 公园 绿道 亮化 路灯 园林绿化 城市功能 城市品质 "
        "宜居 韧性城市 智慧城市 地下管廊 危房 农房 城区 新城 片区开发 建筑施工 房屋 城市建设 市政道路 断头路 微循环 "
        "还建房 城中村 停车泊位 内涝 排水防涝 快速化改造 城市道路 主干道 口袋公园 污水收集 城市污水 二次供水 城市体检 完整社区 好房子 燃气管道",
    ),
    _k(
        "交通运输",
        "交通运输 交通 公路 港航 运管 铁路",
        "交通运输部 省交通运输厅 市交通运输局 区交通运输局 县交通局",
        "交通 公路 国道 省道 高速 快速路 农村公路 四好农村路 桥梁 铁路 高铁 航运 港口 码头 机场 "
        "公交 客运 货运 物流 物流园 公路港 客货邮 城乡公交 通车 路网 大通道 互联互通 运输 道路运输 "
        "交通基础设施 站场 寄递",
    ),
    _k(
        "农业农村",
        "农业农村 农业 农村 畜牧 农机 渔业 水产 农经",
        "农业农村部 省农业农村厅 市农业农村局 区农业农村局",
        "农业 粮食 粮食生产 播种面积 粮油 耕地 高标准农田 种业 农产品 农业产业化 龙头企业 合作社 "
        "家庭农场 生猪 畜牧 养殖 渔业 水产 蔬菜 茶叶 食用菌 香稻 奶业 二品一标 农业品牌 农产品品牌 预制菜 "
        "乡村振兴 和美乡村 美丽乡村 宜居宜业 人居环境整治 农村改革 宅基地 承包地 三权分置 集体经济 "
        "村集体 共富 农民增收 农村居民 三农 农机 机械化 土壤普查 农文旅 田园综合体 现代农业 "
        "农业园区 农田水利 化肥 农药 农业面源 农村电商 乡村产业 一村一品 宜机化 受污染耕地 撂荒地 乡村建设 "
        "乡村建设行动 数字乡村 未来乡村 乡村治理 四好农村路 农村居民人均可支配收入 农村常住居民人均可支配收入",
    ),
    _k(
        "乡村振兴",
        "乡村振兴 扶贫",
        "国家乡村振兴局 省乡村振兴局 市乡村振兴局 区乡村振兴局",
        "脱贫 巩固拓展脱贫攻坚成果 防返贫 返贫 监测帮扶 脱贫人口 脱贫户 帮扶 驻村 衔接资金 "
        "乡村振兴示范村 共同缔造 示范村 东西部协作 对口支援 对口协作 定点帮扶 易地搬迁 易迁 后扶 强县工程 驻村帮扶 "
        "一镇一品 一乡一品 特色镇 两不愁三保障 因病返贫 致贫 美丽庭院 美丽宜居村庄",
    ),
    _k(
        "水利",
        "水利 水务 湖泊 河湖 水电",
        "水利部 省水利厅 市水利和湖泊局 区水利和湖泊局 区水务和湖泊局 县水利局",
        "水利 水库 河湖 河湖长制 河长制 湖长制 防汛 抗旱 堤防 灌区 灌溉 水系 水资源 供水 饮水 "
        "农村饮水 水厂 水土保持 流域 流域综合治理 治水 水网 泵站 排涝 湖泊 清淤 水生态 水安全 节水 节水型社会",
    ),
    _k(
        "生态环境",
        "生态环境 环保 环境保护",
        "生态环境部 省生态环境厅 市生态环境局 市生态环境局咸安分局 区生态环境分局",
        "生态环境 环保 环境质量 空气质量 优良天数 PM2.5 大气 污染 污染防治 治污 蓝天 碧水 净土 "
        "水质 断面 地表水 土壤污染 固废 危废 危险废物 排污 减排 污染物 噪声 环评 督察 突出环境问题 "
        "生态保护 三线一单 臭氧 秸秆禁烧 重污染天气 污水处理 黑臭水体 长江大保护 长江高水平保护 生态文明 "
        "生态乡镇 生态村 绿色创建 近零碳 环境保护考核 生态环境保护",
    ),
    _k(
        "林业",
        "林业 园林 林草 林业和草原",
        "国家林草局 省林业局 市林业局 区林业局 区园林和林业局",
        "林业 森林 造林 植树 绿化 国土绿化 林长制 林权 森林防火 湿地 自然保护地 古树 苗木 竹 桂花 "
        "油茶 林下经济 松材线虫 森林覆盖率 园林 林地 绿地 湿地公园 国家湿地公园 楠竹",
    ),
    _k(
        "教育",
        "教育 教体",
        "教育部 省教育厅 市教育局 区教育局 县教育体育局",
        "教育 学校 中小学 小学 中学 初中 高中 幼儿园 学前教育 义务教育 职业教育 特殊教育 "
        "老年教育 社区教育 民办教育 学位 教师 师资 学生 双减 校园 办学 高校 大学 课后服务 强校 教联体 教育集团 集团化办学 中考",
    ),
    _k(
        "卫健",
        "卫生健康 卫健 卫生 疾控 中医",
        "国家卫生健康委 省卫生健康委 市卫健委 区卫健局",
        "卫生 医疗 医院 卫生院 卫生室 医共体 医联体 公共卫生 疾病 疫情 防控 新冠 健康 疾控 中医 "
        "中医药 基层医疗 家庭医生 妇幼 托育 一老一小 人口 生育 老龄 医养结合 三级医院 三甲 病理 "
        "急救 健康城市 重症 救治 疫苗 爱国卫生 村医 医生 医务人员 专科 医药卫生体制改革 医改 公立医院 分级诊疗 人均预期寿命 出生人口 育儿补贴",
    ),
    _k(
        "医保",
        "医疗保障 医保",
        "国家医保局 省医保局 市医疗保障局 区医保局",
        "医保 医疗保险 医疗保障 门诊共济 长期护理保险 集中带量采购 医保基金 参保 城乡居民医保 大病保险",
    ),
    _k(
        "民政",
        "民政",
        "民政部 省民政厅 市民政局 区民政局",
        "民政 社会救助 低保 特困 孤儿 养老 养老服务 养老机构 社区养老 居家养老 老年人 殡葬 婚姻 "
        "慈善 社会组织 社会福利 残疾儿童 儿童福利 未成年人 社区 社区建设 城乡社区 村(居) 五社联动 "
        "社工 社会工作 区划地名 流浪乞讨 困难群众 应救尽救 兜底 婚俗 移风易俗 福利 留守儿童 关爱服务 日间照料 日间照护",
    ),
    _k(
        "人社",
        "人力资源和社会保障 人力资源社会保障 人社 就业 人才服务",
        "人力资源社会保障部 省人力资源和社会保障厅 市人社局 区人社局",
        "就业 城镇新增就业 新增城镇就业 失业 失业率 创业 创业担保贷款 技能 职业技能 培训 社保 社会保险 "
        "养老保险 工伤 劳动 劳动者 农民工 欠薪 工资 零工驿站 高校毕业生 人事 职称 劳务品牌 劳动关系 就业服务 校企合作 技能人才 城镇调查失业率 调查失业率 稳就业 就业优先 根治欠薪 城镇居民人均可支配收入 城镇常住居民人均可支配收入",
    ),
    _k(
        "文旅",
        "文化和旅游 文化旅游 文旅 旅游 文化 文物 博物 体育 广电",
        "文化和旅游部 省文化和旅游厅 市文化和旅游局 区文旅局 县文化旅游局",
        "文化 旅游 文旅 景区 A级 游客 旅游收入 民宿 文物 文化遗产 非遗 博物馆 图书馆 文化馆 书屋 "
        "全民阅读 送戏下乡 文艺 演艺 体育 全民健身 赛事 乡村旅游 全域旅游 旅游品牌 文化惠民 "
        "红色旅游 研学 度假 康养 文化产业 公共文化 遗址 广播电视 文体 文体中心 体育场馆 主题乐园 乐园 开街 风景区 旅游节 旅居 温泉 夜游 文创",
    ),
    _k(
        "应急管理",
        "应急管理 应急 安全生产 安委会 安全生产委员会 防汛抗旱指挥部",
        "应急管理部 省应急管理厅 市应急管理局 区应急管理局",
        "安全生产 安全 事故 隐患 风险 应急 应急管理 防灾 减灾 救灾 自然灾害 地质灾害 防汛 "
        "森林火灾 消防 危化品 危险化学品 非煤矿山 烟花爆竹 双重预防 安全监管 应急救援 避险 综合减灾",
    ),
    _k(
        "市场监管",
        "市场监督管理 市场监管 工商 质监 食药",
        "国家市场监督管理总局 省市场监督管理局 市市场监管局 区市场监管局",
        "市场主体 个体工商户 市场监管 食品安全 药品安全 药品 质量 标准 标准化 计量 检验检测 认证 "
        "知识产权 商标 地理标志 特种设备 价格监管 反垄断 公平竞争 消费者权益 广告 双随机 信用监管 "
        "质量强区 品牌建设",
    ),
    _k(
        "公安",
        "公安 派出所 交警",
        "公安部 省公安厅 市公安局 区公安分局 县公安局",
        "公安 治安 打击 犯罪 违法犯罪 电信网络诈骗 诈骗 禁毒 涉毒 交通安全 道路交通 见警率 "
        "社会治安 刑事 涉众型经济犯罪 警务 110 户籍 治安防控",
    ),
    _k(
        "司法",
        "司法",
        "司法部 省司法厅 市司法局 区司法局",
        "法治 法治政府 依法行政 行政复议 行政应诉 普法 法律服务 公共法律服务 人民调解 社区矫正 "
        "法律援助 合法性审查 规范性文件 执法监督 行政执法 八五普法 九五普法 依法治区 法治建设",
    ),
    _k(
        "信访",
        "信访",
        "国家信访局 省信访局 市信访局 区信访局",
        "信访 积案 信访积案 群众诉求 来信来访 信访问题 接访 矛盾纠纷 访",
    ),
    _k(
        "统计",
        "统计",
        "国家统计局 省统计局 市统计局 区统计局",
        "统计 经普 五经普 经济普查 人口普查 农业普查 统计监测 统计数据 入统 统计调查",
    ),
    _k(
        "调查队",
        "调查队 调查总队",
        "国家统计局湖北调查总队 国家统计局江夏调查队",
        "住户调查 价格调查 农产品产量调查 居民收入 可支配收入 调查",
    ),
    _k(
        "退役军人",
        "退役军人",
        "退役军人事务部 省退役军人事务厅 市退役军人事务局 区退役军人事务局",
        "退役军人 双拥 拥军优属 优抚 军休 烈士 褒扬 军人 光荣之家 双拥模范",
    ),
    _k(
        "城管执法",
        "城市管理 城管 综合执法",
        "市城市管理执法委员会 市城管局 区城管执法局",
        "城市管理 城管 市容 市容环境 占道 违建 违法建设 户外广告 渣土 环卫 保洁 垃圾清运 停车 "
        "城市精细化管理 数字城管 油烟 夜景 门前三包 背街小巷 环境秩序",
    ),
    _k(
        "政数",
        "政务服务和大数据 政务数据 政数 大数据 数据局 数据 智慧",
        "国家数据局 省数据局 市政务服务和大数据管理局 区政数局 区大数据中心",
        "大数据 数据 政务数据 数字政府 智慧城市 城市大脑 数字化 信息系统 平台建设 一网通办 "
        "一网统管 数据共享 政务云 电子政务 数智化 智慧 数字赋能 应用场景 互联网+ 算力 算力网络 数据中心 数据要素 数据资源 公共数据 数字社会 数字经济 人工智能+",
    ),
    _k(
        "行政审批",
        "行政审批 审批服务 政务服务 政务管理",
        "省政务管理办 市行政审批局 区行政审批局 区政务服务中心",
        "审批 行政审批 政务服务 一网通办 一事联办 高效办成一件事 一件事一次办 放管服 证照 "
        "企业开办 工程建设项目审批 帮办代办 容缺 告知承诺 政务服务中心 便民服务 跨省通办",
    ),
    _k(
        "营商",
        "营商 优化营商 企业和人才服务 企业服务",
        "省营商办 市营商办 区营商办 区企业和人才服务中心",
        "营商环境 优化营商环境 营商 惠企政策 免申即享 政企 亲清 企业诉求 涉企 助企 市场化 法治化国际化",
    ),
    _k(
        "国企平台",
        "集团 国投 城投 投资公司 国控 科投 经发 兴企 控股 建投 发展公司 资产运营 人才集团 国有企业 国企",
        "省联投集团 市城发集团 区国控集团 区科投集团 区经发集团 聚鑫国投集团",
        "平台公司 国有企业 融资 市场化运作 城投 投融资 资产运营 经营性国有资产 闲置资源 片区开发 "
        "代建 建设运营 项目融资 基金 产业基金",
    ),
    _k(
        "公用事业",
        "供电 电力 国网 燃气 供水 水务公司 自来水 联通 移动 电信 铁塔 广电网络 邮政",
        "国网供电公司 区供电公司 燃气公司 供水公司 区联通公司 区移动公司 区电信公司 中国铁塔",
        "供电 电网 电力 燃气 天然气 供水 自来水 通信 5G 基站 网络 宽带 邮政 快递 充电",
    ),
    _k(
        "税务",
        "税务",
        "国家税务总局 省税务局 市税务局 区税务局",
        "税收 税费 退税 减税 降费 纳税 税务 留抵退税 征管 发票",
    ),
    _k(
        "金融",
        "金融 证监 保险",
        "省地方金融管理局 市金融办 区政府金融办",
        "金融 贷款 信贷 银行 融资 上市 企业上市 金种子 担保 保险 金融风险 非法集资 存款 普惠金融 "
        "金融服务 基金 债券 资本市场 防范金融风险 新增贷款 信贷支持 绿色信贷 绿色金融 科技金融 金融产品 贷款贴息 首贷",
    ),
    _k(
        "人民银行",
        "人民银行 人行 央行",
        "中国人民银行 人民银行省分行 区人民银行 人民银行江夏支行",
        "货币 信贷 存款 贷款 征信 支付 反洗钱 金融稳定 普惠金融 再贷款",
    ),
    _k(
        "金融监管",
        "银保监 金融监管 银监 金融监督管理",
        "国家金融监督管理总局 省金融监管局 区银保监组",
        "银行业 保险业 金融监管 非法集资 金融风险",
    ),
    _k(
        "供销",
        "供销",
        "中华全国供销合作总社 省供销社 市供销社 区供销社",
        "供销 供销社 农资 综合服务社 为农服务 再生资源 农产品流通 供销合作",
    ),
    # the general zone's fuller names (经济开发区 …) make it stand for the kind before a special park
    # (物流区, 产业园指挥部) where a list has both, as 交通运输局 before 交通局
    _k(
        "开发区",
        "开发区 经济开发区 经济技术开发区 高新技术产业开发区 高新区 经开区 园区 产业园 物流区 管委会 示范区 指挥部 新区",
        "江夏经济开发区管委会 咸安经济开发区 咸安商贸物流区 随州高新区 区大健康产业园指挥部",
        "开发区 园区 高新区 园区承载能力 标准化厂房 入驻率 园区基础设施 园区建设 管理体制改革 "
        "产业园 经开区 物流区 园区配套",
    ),
    _k(
        "乡镇街道",
        "乡镇 办场 乡镇办 街道办",
        "各乡镇人民政府 各街道办事处 各乡镇办场 茶店镇人民政府 纸坊街道办事处",
        "乡镇 街道 村 社区 基层 网格 村(社区) 乡村 农村",
        group=True,
    ),
    _k(
        "区直部门",
        "区直 县直 市直",
        "区直各单位 区直相关部门 区人民政府各部门 县直各单位",
        "各部门 全区 统筹 政府系统 机关",
        group=True,
    ),
    _k(
        "组织",
        "组织部 人才办 党建 人才工作领导小组 党的建设 非公党工委 两新工委",
        "中央组织部 省委组织部 市委组织部 区委组织部 区委人才办(区委组织部)",
        "人才 招才引智 人才引进 高层次人才 人才安居 人才服务 人才政策 干部 党员 党建 基层党组织 党建引领 抓党建 人才集团 人才公寓 关心下一代 "
        "大学生 选调 干部队伍 担当作为 红色物业 基层减负 村级组织 头雁 人才工作 人产城",
        party=True,
    ),
    _k(
        "宣传",
        "宣传部 文明办 文明创建 网信 文明城市",
        "中央宣传部 省委宣传部 市委宣传部 区委宣传部 区城市文明创建中心",
        "宣传 文明城市 创文 文明创建 新时代文明实践 精神文明 意识形态 舆论 网信 网络安全 "
        "文明村镇 志愿服务 移风易俗 社会主义核心价值观 文明实践",
        party=True,
    ),
    # 基层治理 is the 社会工作部's since the 2023 reform (where there is none: 组织, 民政), not the 政法委's
    _k(
        "政法委",
        "政法委 平安 扫黑除恶 综治 国安办 国家安全",
        "中央政法委 省委政法委 市委政法委 区委政法委 区委国安办",
        "平安 平安建设 扫黑除恶 黑恶势力 综治 综治中心 社会治理 网格化 矛盾纠纷 "
        "枫桥经验 社会稳定 维稳 国家安全 风险评估 雪亮工程 七防 市域社会治理 信访积案",
        party=True,
    ),
    _k(
        "统战",
        "统战 侨联 侨务",
        "中央统战部 省委统战部 区委统战部",
        "统战 统一战线 侨务 侨胞 民主党派 无党派 新的社会阶层 党外",
        party=True,
    ),
    _k(
        "民族宗教",
        "民宗 民委 民族宗教 宗教事务 民族事务",
        "国家民委 省民族宗教事务委员会 市民宗局 区民宗局",
        "民族宗教 民族 宗教 宗教场所 宗教活动 民族团结 少数民族",
    ),
    _k(
        "台办",
        "台办 台湾事务",
        "国务院台办 省委台办 市委台办 区委台办",
        "对台 台胞 台资 台湾 两岸 港澳台",
        party=True,
    ),
    _k(
        "工商联",
        "工商联 工商业联合会",
        "全国工商联 省工商联 市工商联 区工商联",
        "工商联 非公有制经济 民营企业 民营经济 企业家 企业家精神 商会 亲清政商 亲清 政商关系",
    ),
    _k(
        "纪检监察",
        "纪委 监委 纪检 监察",
        "中央纪委国家监委 省纪委监委 市纪委监委 区纪委监委",
        "廉洁 廉政 反腐 腐败 纪律 作风 形式主义 官僚主义 不正之风 八项规定 监督 党风廉政 党纪",
        party=True,
    ),
    _k(
        "编办",
        "编办 机构编制",
        "中央编办 省委编办 市委编办 区委编办",
        "机构改革 编制 机构编制 职能 体制机制改革 事业单位改革",
        party=True,
    ),
    _k(
        "人武",
        "人武部 人民武装 武装部 军分区 省军区 国防动员",
        "省军区 市军分区 区人武部",
        "国防 国防动员 人民武装 民兵 征兵 兵役 国防教育 人防 人民防空 军民融合 后备力量",
    ),
    _k(
        "工会",
        "工会 总工会",
        "中华全国总工会 省总工会 市总工会 区总工会",
        "工会 职工 劳模 劳动竞赛 职工权益 工匠",
    ),
    _k(
        "共青团",
        "团委 共青团 团区委 团县委 团市委 团省委",
        "共青团中央 团省委 团市委 团区委",
        "共青团 青年 青少年 团员 志愿者 青年创业",
    ),
    _k(
        "妇联",
        "妇联 妇女联合会",
        "全国妇联 省妇联 市妇联 区妇联",
        "妇女 儿童 妇女儿童 家庭 家风 巾帼",
    ),
    _k(
        "残联",
        "残联 残疾人联合会",
        "中国残联 省残联 市残联 区残联",
        "残疾人 残疾 康复 无障碍 助残",
    ),
    _k(
        "融媒体",
        "融媒体 广播电视台 新闻中心",
        "市融媒体中心 区融媒体中心 县融媒体中心",
        "宣传报道 新闻 媒体 融媒体 舆论引导 广播电视",
    ),
    _k(
        "机关事务",
        "机关事务",
        "国家机关事务管理局 省机关事务管理局 区机关事务服务中心",
        "机关事务 公务用车 办公用房 节约型机关 公共机构节能 机关运行 过紧日子 三公经费",
    ),
    _k(
        "政府办",
        "政府办 政府办公室 人民政府办公室 国务院办公厅 督查室 政研室",
        "国务院办公厅 省政府办公厅 市政府办公室 区政府办公室 区政府办",
        "政府自身建设 政务公开 督查 督办 政府系统 抓落实 执行力 政府效能 建议提案 政务信息 外事 人大代表建议 政协提案 全过程人民民主 接受人大",
    ),
    _k(
        "审计",
        "审计",
        "审计署 省审计厅 市审计局 区审计局",
        "审计 审计监督 经济责任审计 审计整改",
    ),
    _k(
        "档案",
        "档案 方志 史志 地方志",
        "国家档案局 省档案馆 市档案馆 区档案馆",
        "档案 档案馆 方志 史志 地方志 年鉴",
    ),
    _k(
        "气象",
        "气象",
        "中国气象局 省气象局 市气象局 区气象局",
        "气象 天气 预警 人工影响天气 气象灾害",
    ),
    _k(
        "消防",
        "消防 消防救援",
        "国家消防救援局 省消防救援总队 区消防救援大队",
        "消防 火灾 消防安全 消防救援",
    ),
    _k(
        "法院检察院",
        "法院 检察院",
        "最高人民法院 省高级人民法院 区法院 区检察院",
        "审判 检察 司法公正 执行 公益诉讼 破产",
    ),
    _k(
        "社会工作",
        "社会工作部 社工部",
        "中央社会工作部 省委社会工作部 区委社会工作部",
        "社会工作 新兴领域党建 志愿服务 人民建议征集 社区工作者 物业党建 基层治理",
        party=True,
    ),
    _k(
        "科协",
        "科协 科学技术协会",
        "中国科协 省科协 市科协 区科协",
        "科普 科学素质 科技工作者 学会 院士工作站 科技馆",
    ),
    _k(
        "文联",
        "文联 文学艺术界联合会",
        "中国文联 省文联 市文联 区文联",
        "文艺创作 文艺精品 文学 艺术家 书法 美术 摄影",
    ),
    _k(
        "红十字会",
        "红十字",
        "中国红十字会总会 省红十字会 市红十字会 区红十字会",
        "红十字 无偿献血 造血干细胞 应急救护 人道救助 遗体器官捐献",
    ),
    _k(
        "公积金",
        "公积金",
        "省住房公积金管理中心 市住房公积金管理中心 区住房公积金管理部",
        "公积金 住房公积金 缴存 提取",
    ),
    _k(
        "海关",
        "海关",
        "海关总署 武汉海关 南京海关",
        "通关 海关 口岸 保税 综合保税区 跨境",
    ),
    _k(
        "邮政管理",
        "邮政管理",
        "省邮政管理局 市邮政管理局",
        "快递 寄递 快递进村 邮政业",
    ),
    _k(
        "地震",
        "地震",
        "中国地震局 省地震局 市地震局 区地震局",
        "地震 防震减灾 地震监测",
    ),
    _k(
        "人大政协",
        "人大 政协",
        "全国人大常委会 省人大常委会 区人大常委会 区政协",
        "人大 代表建议 政协提案 民主监督",
    ),
)

BY_KEY: dict[str, Kind] = {k.key: k for k in KINDS}

# Where a government has no unit of a kind, its work falls to another (the 2023 reform merged
# 乡村振兴局 into 农业农村局; a county without a 招商 centre leaves 招商 to 商务; without 政数局,
# data work is 行政审批's …): first present fallback wins.
FALLBACK: dict[str, tuple[str, ...]] = {
    "乡村振兴": ("农业农村",),
    "供销": ("农业农村",),
    "招商": ("商务", "发展改革"),
    "营商": ("发展改革", "行政审批"),
    "政数": ("行政审批", "科技经信"),
    "行政审批": ("政数", "营商"),
    "医保": ("卫健", "人社"),
    "林业": ("自然资源和规划", "农业农村"),
    "城管执法": ("住建",),
    "公用事业": ("住建",),
    "统计": ("发展改革",),
    "调查队": ("统计", "发展改革"),
    "人民银行": ("金融", "金融监管", "财政"),
    "金融监管": ("金融", "人民银行", "财政"),
    "金融": ("财政", "人民银行"),
    "国企平台": ("财政",),
    "民族宗教": ("统战",),
    "台办": ("统战",),
    "工商联": ("统战",),
    "开发区": ("科技经信",),
    "社会工作": ("组织", "民政"),
    "编办": ("组织",),
    "消防": ("应急管理",),
    "机关事务": ("政府办", "财政"),
    "档案": ("政府办",),
    "退役军人": ("民政",),
    "人武": ("退役军人",),
    "融媒体": ("宣传",),
    "气象": ("应急管理",),
    "审计": ("财政",),
    "水利": ("农业农村",),
    "科协": ("科技经信",),
    "文联": ("宣传", "文旅"),
    "红十字会": ("卫健",),
    "公积金": ("住建",),
    "海关": ("商务",),
    "邮政管理": ("交通运输", "商务"),
    "地震": ("应急管理",),
}


def present_kind(key: str, present: set[str] | frozenset[str]) -> str | None:
    """The kind that does `key`'s work among `present` kinds: itself, or its first present fallback."""
    if key in present:
        return key
    for other in FALLBACK.get(key, ()):
        if other in present:
            return other
    return None


@dataclass(frozen=True)
class Facet:
    """Part of a kind that some governments give a unit of its own (a city's 科技局 and 经信局
    where a county has one 科经局): the name stems that mark it and the words of its remit."""

    aliases: tuple[str, ...]
    remit: tuple[str, ...]


FACETS: dict[str, tuple[Facet, ...]] = {
    "科技经信": (
        Facet(
            ("科技", "科学技术"),
            tuple(
                "研发 创新 科技 高新技术 高企 专利 成果转化 科技成果 实验室 院士 技术合同 科技型 中试 "
                "揭榜挂帅 科技特派员 科技副总 研究院 知识产权 创新平台 孵化".split()
            ),
        ),
        Facet(
            ("经信", "经济和信息化", "经济信息化", "工业和信息化", "工信", "经济和信息化"),
            tuple(
                "工业 制造 技改 技术改造 规上 规模以上工业 产业链 工业投资 设备更新 5G 两化融合 数字经济 "
                "电力 中小企业 专精特新 绿色工厂 产值 工业园 入规 企业服务".split()
            ),
        ),
    ),
    # a 财政局 that is also the 国资局 (区财政局(国资局)), or a separate 国资委
    "财政": (
        Facet(
            ("财政",),
            tuple(
                "财政 预算 税收 财源 非税 政府采购 转移支付 专项资金 直达资金 三保 过紧日子 三公经费 "
                "绩效 化债 隐性债务 专项债券".split()
            ),
        ),
        Facet(
            ("国资", "国有资产"),
            tuple(
                "国资 国企 国有企业 国有资产 国企改革 国资国企 资产盘活 平台公司 融资平台 总资产 净资产 "
                "营业收入".split()
            ),
        ),
    ),
    # the 政法委 and the 国家安全 office it houses (区委国安办)
    "政法委": (
        Facet(
            ("政法",),
            tuple("平安 扫黑除恶 黑恶势力 综治 社会治理 网格化 矛盾纠纷 枫桥经验 维稳 雪亮工程".split()),
        ),
        Facet(("国安", "国家安全"), tuple("国家安全 国家安全观 国安".split())),
    ),
    "文旅": (
        Facet(
            ("文化", "文旅", "旅游", "文物", "广电"),
            tuple("文化 旅游 文旅 景区 游客 民宿 文物 非遗 博物馆 图书馆 文化馆 书屋 阅读 演艺 遗址 研学".split()),
        ),
        Facet(("体育",), tuple("体育 全民健身 赛事 运动 健身 体育场馆".split())),
    ),
}


def facet_score(kind_key: str, unit_name: str, text: str) -> float | None:
    """How much of `text` is the remit of the facet a unit's name marks (科技局 → 科技 facet;
    a bracket says which face is meant: 区财政局(国资局) → 国资); None when the kind has no facets
    or the name covers them all (科技经信局)."""
    facets = FACETS.get(kind_key)
    if not facets:
        return None
    main, qualifier = split_qualifier(unit_name)
    own = [f for f in facets if any(a in qualifier for a in f.aliases)] if qualifier else []
    own = own or [f for f in facets if any(a in main for a in f.aliases)]
    if len(own) != 1:
        return None
    return float(sum(min(len(w), 6) for w in own[0].remit if w in text))

_GROUP_RE = re.compile(
    r"^(各|相关|有关|其他|其它|项目沿线)|各单位|各部门|成员单位|相关部门|相关单位|有关单位|有关部门|主管部门|各乡镇|各街道|主体部门"
)
_TOWNSHIP_RE = re.compile(
    r"(镇|乡|街道|街道办|街道办事处|办事处|镇人民政府|乡人民政府|农场|林场|奶牛场|场|管理区)$"
)
_QUALIFIER_RE = re.compile(r"[((]([^()()]*)[))]")
_STEM_SUFFIX_RE = re.compile(
    r"(人民政府|街道办事处|街道办|办事处|街道|管理委员会|管委会|服务中心|中心|事务局|管理局|委员会|"
    r"集团|公司|指挥部|分局|大队|局|委|办|部|社|馆|队|院|镇|乡|场)$"
)
_LEVEL_PREFIX_RE = re.compile(r"^(国家|中国|全国|中央|省委|市委|区委|县委|省|市|区|县|团)")


def norm_name(name: str) -> str:
    """A unit name compared without width differences or white space."""
    return "".join(unicodedata.normalize("NFKC", name).split())


def split_qualifier(name: str) -> tuple[str, str]:
    """`区发改局(粮食局)` → (`区发改局`, `粮食局`): the name proper and its bracketed qualifier."""
    n = norm_name(name)
    m = _QUALIFIER_RE.search(n)
    if not m:
        return n, ""
    return (n[: m.start()] + n[m.end() :]), m.group(1)


def is_group(name: str) -> bool:
    """A name that stands for many units (各街道办事处, 区直相关部门, 区安委会各成员单位)."""
    return bool(_GROUP_RE.search(norm_name(name)))


def _alias_match(name: str) -> Kind | None:
    found = _alias_found(name)
    return found[1] if found else None


def _alias_found(name: str) -> tuple[str, Kind] | None:
    best: tuple[int, int, str, Kind] | None = None
    for kind in KINDS:
        for alias in kind.aliases:
            pos = name.find(alias)
            if pos < 0:
                continue
            # the longest alias wins; among equals the one printed first
            rank = (len(alias), -pos)
            if best is None or rank > (best[0], best[1]):
                best = (rank[0], rank[1], alias, kind)
    return (best[2], best[3]) if best else None


def matched_alias(unit_name: str) -> str:
    """The name stem by which `match` knew the unit ("" when by its form or not at all): a fuller
    match (交通运输 over 交通) marks the name that stands for its kind when a list has both."""
    main, _ = split_qualifier(unit_name)
    found = _alias_found(main.replace("人民政府", "政府"))
    return found[0] if found else ""


def match(unit_name: str) -> Kind | None:
    """The kind of a unit as its name is printed, or None when the catalogue does not know it."""
    main, qualifier = split_qualifier(unit_name)
    if not main:
        return None
    if _is_township(main):
        return BY_KEY["乡镇街道"]
    # 人民政府 holds 民政: read 区人民政府办公室 as 区政府办公室
    kind = _alias_match(main.replace("人民政府", "政府"))
    if kind is None and qualifier:
        kind = _alias_match(qualifier.replace("人民政府", "政府"))
    if kind is None and is_group(main):
        return BY_KEY["区直部门"]
    return kind


def guess(unit_name: str) -> Kind | None:
    """For a unit `match` does not know (区茶产业发展中心, 县香菇办): the kind whose remit words
    its name uses, read by characters — a weaker claim than a match, None when nothing fits."""
    if match(unit_name) is not None or is_group(unit_name):
        return None
    s = stem(unit_name)
    if len(s) < 2:
        return None
    best: tuple[float, str] | None = None
    for key, hit in rule_scores(s).items():
        if BY_KEY[key].group:
            continue
        if best is None or hit.score > best[0]:
            best = (hit.score, key)
    return BY_KEY[best[1]] if best and best[0] >= 1.2 else None


def _is_township(name: str) -> bool:
    """茶店镇人民政府, 五里界街道办事处, 向阳湖奶牛场, 杨溪铺人民政府 — not 区人民政府, 市场, 公司."""
    if any(w in name for w in ("公司", "集团", "银行")) or name.endswith(("市场", "广场", "机场")):
        return False
    if name.endswith("人民政府"):
        return not re.search(r"(国|省|市|区|县|州|盟|旗)人民政府$", name) and "各部门" not in name
    return bool(_TOWNSHIP_RE.search(name)) and "政府各" not in name


def stem(unit_name: str) -> str:
    """The distinctive part of a unit name, for finding it mentioned in a task (五里界, 香菇, 档案)."""
    main, _ = split_qualifier(unit_name)
    s = _LEVEL_PREFIX_RE.sub("", main)
    for _ in range(2):
        s = _STEM_SUFFIX_RE.sub("", s)
    return s


GENERIC_DISCOUNT = 0.5  # a two-character word (企业, 园区, 产值) says less than its length
FRAME_WORDS = frozenset("项目建设 重点项目建设 重大项目 项目谋划 新开工 开工项目 续建项目 项目储备 项目入库".split())
FRAME_FACTOR = 0.3
# the names of manufacturing and energy industries say which industry a task is about, not what is
# done in it: where another kind's words say that (产业链招商 → 招商, 供应链平台 → 发改, 信贷 → 金融),
# they count for as little as a project frame
INDUSTRY_WORDS = frozenset(
    "汽车 新能源汽车 专汽 商用车 整车 零部件 电池 装备 光电子 芯片 安防 纺织 食品加工 医药 生物医药 新材料 "
    "新能源 光伏".split()
)


def _word_weights() -> dict[str, float]:
    """A remit word weighs by its length and by how few kinds use it (企业 says little, 经济普查 a lot)."""
    users: dict[str, set[str]] = {}
    for kind in KINDS:
        for word in kind.remit:
            users.setdefault(word, set()).add(kind.key)
    return {w: (min(len(w), 6) - GENERIC_DISCOUNT * (len(w) <= 2)) / len(keys) ** 0.5 for w, keys in users.items()}


_WEIGHTS = _word_weights()


def rule_scores(text: str, kinds: Iterable[Kind] = KINDS) -> dict[str, RuleHit]:
    """Score each kind by the remit words the text uses, with the words (for explanations).

    Longer and rarer words weigh more; a word inside a longer word that matched (零售 inside
    社会消费品零售总额, for whichever kind) is not counted again. A project frame (项目建设) and an
    industry's name (汽车零部件) count for little where another kind's words say what is done.
    """
    matched: dict[str, list[str]] = {}
    for kind in kinds:
        words = [w for w in kind.remit if w in text]
        if words:
            matched[kind.key] = words
    # a project frame (文体中心项目建设) names no remit by itself: where another kind's words say what
    # the project is, the frame counts for little
    framed = {k for k, words in matched.items() if any(w not in FRAME_WORDS for w in words)}
    every = {w for words in matched.values() for w in words}
    longer = sorted(every, key=len, reverse=True)
    kept_by_kind = {
        key: [w for w in words if not any(len(o) > len(w) and w in o for o in longer)] for key, words in matched.items()
    }
    # kinds whose words (those counted) say what is done: neither a project frame nor an industry's name
    acting = {k for k, kept in kept_by_kind.items() if any(w not in FRAME_WORDS and w not in INDUSTRY_WORDS for w in kept)}
    out: dict[str, RuleHit] = {}
    for key, kept in kept_by_kind.items():
        if not kept:
            continue
        others = bool(framed - {key})
        acted = bool(acting - {key})
        score = sum(
            _WEIGHTS.get(w, 1.0)
            * (1 + 0.5 * min(text.count(w) - 1, 2))
            * (FRAME_FACTOR if others and w in FRAME_WORDS else 1.0)
            * (FRAME_FACTOR if acted and w in INDUSTRY_WORDS else 1.0)
            for w in kept
        )
        out[key] = RuleHit(score=float(score), words=tuple(kept))
    return out


def abbreviations() -> list[str]:
    """Unit abbreviations worth keeping as one token when cutting Chinese text (发改局, 科经局 …)."""
    out: set[str] = set()
    for kind in KINDS:
        for name in kind.names:
            main, _ = split_qualifier(name)
            s = _LEVEL_PREFIX_RE.sub("", main)
            if 2 <= len(s) <= 8:
                out.add(s)
        for alias in kind.aliases:
            if 2 <= len(alias) <= 8:
                out.add(alias)
    return sorted(out)
