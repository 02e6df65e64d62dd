package parse

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

// realCase is what one of the 71 real files of testdata/real (copied byte
// for byte from the archive, see ../../shared/real-sample/README.md) must
// give. Each row was written by reading its file, not from the parser's
// output.
type realCase struct {
	file   string
	series string // Parser.Series; "" is 樱花FM
	skip   string // why the file is not an episode; "" when it is one

	title, narrator, editor, publisher string
	cover                              string // the cover URL, or the start of a long one; "" when there is none
	caption                            string // the start of the cover's caption
	text                               string // TextURL
	desc                               string // the description's first sentence
}

func zh(id int) string { return fmt.Sprintf("https://gnews.org/zh-hans/%d/", id) }

const (
	assets04 = "https://assets.gnews.org/wp-content/uploads/2022/04/"
	assets05 = "https://assets.gnews.org/wp-content/uploads/2022/05/"
)

var realCases = []realCase{
	// The index page and the neighbours of other series.
	{file: "README.md", skip: "index page"},
	{file: "1080927.md", skip: "not 樱花FM (a GNews article of the 2023/24 layout, dated 4/9/2023 5:41 AM UTC)"},
	{file: "2404846.md", skip: "not 樱花FM (a GNews article of the 2023/24 layout, dated 3/18/2024 10:30 AM UTC)"}, // 樱花 in its title
	{file: "2412065.md", skip: "not 樱花FM (a GNews article of the 2023/24 layout, dated 3/20/2024 2:01 PM UTC)"},  // 波音频出事
	{file: "2417333.md", skip: "not 樱花FM (樱花时政)"},
	{file: "2417902.md", skip: "not 樱花FM (樱花时政)"}, // tagged 樱花FM, credited 撰稿：: a text article
	{file: "2417968.md", skip: "not 樱花FM (樱花时政)"}, // the same
	{file: "2422369.md", skip: "not 樱花FM (中日财经爆)"},
	{file: "2431040.md", skip: "not 樱花FM (中日财经爆)"},
	{file: "2442437.md", skip: "not 樱花FM (樱花深度报道)"}, // the text original of 2455369
	{file: "2466537.md", skip: "not 樱花FM (中日财经爆)"},
	{file: "2487425.md", skip: "not 樱花FM (谈古论今)"},
	{file: "2467307.md", skip: "not 樱花FM (さくらFM, the Japanese edition)"},
	{file: "2467411.md", skip: "not 樱花FM (さくらFM, the Japanese edition)"},
	{file: "2467461.md", skip: "not 樱花FM (さくらFM, the Japanese edition)"},

	// The Japanese edition, read for its own podcast.
	{file: "2467307.md", series: "さくらFM", title: "ウォール街の貪欲が中共の存続を左右する", narrator: "戦友520", editor: "煙火1095", publisher: "Calvin",
		cover: "https://lh4.googleusercontent.com/VDNPV28RGadniaEdTVE2c41QZVBU", text: "https://gnews.org/2436098/",
		desc: "4月24日の大型ライブ配信で、郭文貴氏はどのようにオープンマインドで中共とロシアの協力関係を見るのかについて戦友にシェアした。"},
	{file: "2467411.md", series: "さくらFM", title: "パキスタンで自爆テロ、中国人3人が死亡", narrator: "戦友520", editor: "煙火1095", publisher: "Calvin",
		cover: "https://lh3.googleusercontent.com/NxSn3U_VbW0nhSZSjjbRWEoybkQ2", text: "https://gnews.org/2436099/",
		desc: "関係メディア現地時間4月26日の報道によると、パキスタン南部の大学キャンパスで自爆テロが発生し、中国人3人とパキスタン人運転手が死亡、別の中国人1人とパキスタン人警備員が負傷した。"},
	{file: "2467461.md", series: "さくらFM", title: "中共、北朝鮮モードへ加速", narrator: "戦友520", editor: "煙火1095", publisher: "Calvin",
		cover: "https://lh4.googleusercontent.com/QgI8lJM9XGJBb4hr1ILBRsWVqGJE", text: "https://gnews.org/2434780/",
		desc: "4月26日、郭文貴氏はGettrに投稿した動画で、中共政府は中国を北朝鮮モデルにすることを構えていると警告した。"},

	// 樱花FM episodes. Bold credit, fullwidth ｜, bold footer.
	{file: "2414342.md", title: "韩国时隔二年解除新冠病毒的规定", narrator: "战友520", editor: "Calvin", publisher: "Calvin",
		cover: assets04 + "AFB1C0EA-0928-4C15-89C4-DC8D5FB3C871.png", text: zh(2349887),
		desc: "韩国政府于4月15日宣布,根据新感染人数减少的趋势等判断，从18日开始解除餐厅营业时间和会议人数限制等新冠病毒对策的规定。"},
	{file: "2414366.md", title: "美议员访问团抵台将与蔡英文会面", narrator: "战友520", editor: "Calvin", publisher: "Calvin",
		cover: assets04 + "image-467.jpeg", text: zh(2350400),
		desc: "美国参众议员访问团4月14日搭机抵达台北松山机场，台湾外长吴钊燮亲自前往接机。"},
	{file: "2414381.md", title: "“莫斯科”号沉没打掉俄罗斯军队虚幻的尊严", narrator: "战友520", editor: "Calvin", publisher: "Calvin",
		cover: "https://lh3.googleusercontent.com/Z4U1AWr5axvudt0_b6PmcuWQ89CR", text: zh(2350700),
		desc: "4月14日，俄罗斯黑海舰队的旗舰“莫斯科”号导弹巡洋舰被乌克兰军队的反舰导弹击中后起火、爆炸、燃烧并沉没。"},
	{file: "2414397.md", title: "难道吃饱饭比祖国更重要吗？", narrator: "战友520", editor: "Calvin", publisher: "Calvin",
		cover: "https://lh5.googleusercontent.com/CFBNwNCDE9ocQ7cpi3h_RO-J-8lN", text: zh(2350740),
		desc: "2022年4月14日下午1点，在上海市浦东新区张江镇香楠路人民群众冲破封锁管控，走上了街头！"},
	{file: "2414674.md", title: "是谁让乌克兰人民沦为难民？", narrator: "战友520", editor: "Calvin", publisher: "Calvin",
		cover: "https://lh3.googleusercontent.com/jTXy_sh08UiOZYisqBOnRkFW6885", text: zh(2355821),
		desc: "根据联合国4月15日的统计，自2月24日俄罗斯军事入侵乌克兰以来，已有500多万人逃离了乌克兰。"},
	{file: "2418047.md", title: "英国首次训练乌克兰使用反坦克导弹", narrator: "战友520", editor: "Calvin", publisher: "Calvin",
		cover: "https://lh6.googleusercontent.com/ObfeMVuFVjRemL7itrJO-fBYkN8u", text: zh(2357307),
		desc: "据报道，英国陆军特种空勤团（SAS）已经在基辅训练乌克兰士兵如何使用英国提供的便携式反坦克导弹发射器（NLAW）。"},
	// Plain credit, ┃; the text original's link on a line of its own; the
	// one-line italic footer.
	{file: "2419864.md", title: "王岐山提拔的田惠宇被查 招行开盘股价大跌", narrator: "战友520", editor: "曲别针", publisher: "tdownc2p",
		cover: assets04 + "image-3257.png", text: zh(2367326),
		desc: "4月18日，传闻“招商银行行长田惠宇被查”，招行开盘股价大跌8%，最低触及42.78元/股。"},
	{file: "2419879.md", title: "日本政府报告：儿童接种新冠疫苗常见副作用为影响血管迷走神经反射", narrator: "战友520", editor: "曲别针", publisher: "tdownc2p",
		cover: assets04 + "image-3258.png", text: zh(2367333),
		desc: "日本厚生劳动部于4月13日公布了5-11岁儿童接种新冠病毒疫苗的16起副作用事件。"},
	// 【编者按】 right under the cover, with no blank line between.
	{file: "2420129.md", title: "中共正在赢得中东的数据、网络和技术竞赛（下）", narrator: "战友520", editor: "曲别针", publisher: "tdownc2p",
		cover: assets04 + "image-3279.png", text: zh(2360993),
		desc: "在这个大国竞争和技术大脱钩的时代，美国如果不将数据、网络和技术完全整合到中东关系中，就有可能将地区主导权交给其最大的地缘政治对手。"},
	// An empty table over the credit (spaced slash), an empty **音频链接：**
	// under it; 编辑 and 发布 with a blank line between.
	{file: "2425679.md", title: "佩洛西26日会访台吗？", narrator: "战友520", editor: "小老虎", publisher: "九龍灣",
		cover: assets04 + "image6.png", text: zh(2417333),
		desc: "佩洛西原计划4月26日访问台湾，如果佩洛西能够顺利成行，她将是历史上第三位访台的美国众议院议长。"},
	{file: "2426769.md", title: "联合国人权主管将访问新疆 60家人权团体联合呼吁要坚持原则确保访问可信", narrator: "战友520", editor: "曲别针", publisher: "tdownc2p",
		cover: assets04 + "image-3437.png", text: zh(2377182),
		desc: "曾任智利总统的联合国人权事务主管巴切莱特今年3月宣布她计划5月访问中国，包括新疆地区。"},
	{file: "2426776.md", title: "中共在错误的道路上越走越远（上）", narrator: "战友520", editor: "曲别针", publisher: "tdownc2p",
		cover: assets04 + "image-3438.png", text: zh(2377307),
		desc: "人们常说，中共政府的计划是提前数十年，具备民主国家左右摇摆不定的市场经济所没有的优势。"},
	// 编者按：
	{file: "2426829.md", title: "日本通货膨胀明显 日元涨势不会持续", narrator: "战友520", editor: "曲别针", publisher: "tdownc2p",
		cover: assets04 + "image-3445.png", text: zh(2377338),
		desc: "日元汇率连续13天下跌，彭博社常驻外汇专家Mark Cudmore4月20日在《零对冲》撰文对日本通货膨胀和日元的走势进行了分析。"},
	// Raw Chinese characters in the cover URL; the link right under 文字版原文：.
	{file: "2427894.md", title: "HPay就是未来金融界的信仰", narrator: "战友520", editor: "南雁", publisher: "老黑",
		cover: assets04 + "HPay就是未来金融界的信仰.png", text: zh(2382963),
		desc: "郭文贵先生在4月20日GETTR中说到：“Hpay是未来代替SWIFT，一个最安全加密的数字货币支付方式，法币就叫宗教，不能怀疑，不能挑战。"},
	// One paragraph of 700 characters.
	{file: "2429967.md", title: "新学年书费继续升,港府不作为,家庭开支百上加斤", narrator: "战友520", editor: "Calvin", publisher: "Calvin",
		cover: "https://lh5.googleusercontent.com/uqXTUt3q1lkqyvjJhqXaIiYRTdGW", text: zh(2385733),
		desc: "教育局公布下学年课本的平均价格较去年上升约1.9%，冻价的印刷课本及电子课本只占整体约三成半。"},
	// U+200B in the text.
	{file: "2430146.md", title: "韩国学者以垃圾为宝研究朝鲜人们的生活", narrator: "战友520", editor: "Calvin", publisher: "Calvin",
		cover: "https://lh6.googleusercontent.com/Fml0vXdIPgsGguAKx5ulWi4jZtRv", text: zh(2387429),
		desc: "由于朝鲜金家的极权统治，韩国学者用类似考古的方式研究朝鲜国民的生活状态。"},
	{file: "2432678.md", title: "世行：俄乌战争给乌造成600亿美元直接损失", narrator: "战友520", editor: "曲别针", publisher: "tdownc2p",
		cover: assets04 + "image-523.jpeg", text: zh(2391069),
		desc: "世界银行行长马尔帕斯4月21日在华盛顿与乌总理什米加尔等召开了圆桌会议。"},
	{file: "2432804.md", title: "日本邮政停发中共国境内包裹", narrator: "战友520", editor: "曲别针", publisher: "tdownc2p",
		cover: assets04 + "image-528.jpeg", text: zh(2391295),
		desc: "4月21日，日本邮政公司在官网发布消息称，受中共病毒（新冠病毒Covid-19）疫情影响，决定从4月22日起，暂停发往中共国（港澳台地区除外）的EMS服务、航空及海运包裹服务。"},
	// A part marker in ASCII parentheses.
	{file: "2433410.md", title: "美联储将毫不犹豫地通过加息缩表来遏制通货膨胀(四)", narrator: "战友520", editor: "曲别针", publisher: "tdownc2p",
		cover: assets04 + "image-3632.png", text: zh(2397177),
		desc: "2022年4月21日，美联储主席鲍威尔周四在华盛顿出席由国际货币基金组织（IMF）主持的一个讨论会。"},
	// （图片说明） under the cover, then 【摘要】 with a link in it.
	{file: "2433457.md", title: "为何台湾是中共的心头大患？（上）", narrator: "战友520", editor: "曲别针", publisher: "tdownc2p",
		cover: assets04 + "image-3635.png", caption: "（图片说明）2021年10月10日，台湾台北，在双十节庆祝活动中", text: zh(2397377),
		desc: "世界上大多数人都认识到，中共对台湾一直存在一种心理上的敌意。"},
	// Raw Chinese characters and fullwidth punctuation in the cover URL, a
	// caption, then a bold subheading before the text.
	{file: "2434157.md", title: "为何台湾是中共的心头大患？（下）", narrator: "战友520", editor: "南雁", publisher: "老黑",
		cover: assets04 + "为何台湾是中共的心头大患？（下）.png", caption: "（图片说明）2019年9月6日，中国北京", text: zh(2397300),
		desc: "1912年清朝封建王朝灭亡后，中国出现了两种类型的政府形态：民主主义和共产主义。"},
	{file: "2434222.md", title: "四月之声被封杀，上海人疯传，微信圈成孤岛", narrator: "战友520", editor: "南雁", publisher: "tdownc2p",
		cover: assets04 + "image-3646.png", text: zh(2398855),
		desc: "《四月之声》的视频制作人，余刚，今天被相关部门以煽动颠覆为由带走！"},
	// Song lyrics after two paragraphs.
	{file: "2435677.md", title: "上海悲歌《四月英雄》被中共全网封杀", narrator: "战友520", editor: "南雁", publisher: "tdownc2p",
		cover: assets04 + "image-3679.png", text: zh(2402256),
		desc: "4月24日，封城一个月后，上海人到达了忍耐的极限，继《四月之声》被封杀后，有音乐人制作了音乐视频《四月英雄》，歌曲改編自陈奕迅《孤勇者》，视频仅上传一小时，就被墙内全网封杀。"},
	// Spaced slash; a sentence ends inside a quotation.
	{file: "2436285.md", title: "泽连斯基称俄锁定全欧 准备在乌掀起大战", narrator: "战友520", editor: "小老虎", publisher: "tdownc2p",
		cover: assets04 + "image-3696.png", text: zh(2327154),
		desc: "泽连斯基在4月9日夜对人民的演说中说，俄国的侵略“意图不仅限于乌克兰”，“整个欧洲都是俄的目标。"},
	{file: "2436359.md", title: "航班大跌 香港已失国际航空枢纽地位", narrator: "战友520", editor: "小老虎", publisher: "tdownc2p",
		cover: assets04 + "image-3702.png", text: zh(2327993),
		desc: "民航处数据显示，疫情前本港一年包括客机及货机航班升降量可达40多万次，2020年疫情开始后，当年航班总升降量大跌62%至约16万次，2021年再跌至14.5万次。"},
	// 编者按： with a link whose text is its URL.
	{file: "2438201.md", title: "刺突蛋白破坏基因的真相", narrator: "战友520", editor: "小老虎", publisher: "yuxingcao01",
		cover: assets04 + "unnamed-4-5.png", text: zh(2408072),
		desc: "G-News有一篇值得推荐的好文章，加拿大温哥华扬帆农场视频组发布的《莱恩-科尔博士：刺突蛋白抑制基因——“此时癌症就可以开始了”》，原文链接：https://gnews.org/zh-hans/2406784/，为了大家更简单易读，本文加以简单的说明和梳理。"},
	// A space after ｜.
	{file: "2445726.md", title: "乌克兰外交部长称 俄罗斯“感觉到了失败”", narrator: "战友520", editor: "Calvin", publisher: "Calvin",
		cover: "https://lh6.googleusercontent.com/-QnqBSzpwrtaF58jLuailHwOvkpx", text: zh(2416781),
		desc: "乌克兰外交部长库雷巴（Dmytro Kuleba）批评俄罗斯外交部长拉夫罗夫警告将有第三次世界大战的“真实”危险之说，库雷巴道，拉夫罗夫的评论表明“莫斯科感觉到了失败”。"},
	// The text on the cover's line; NBSP and U+3000 in the text; spaces
	// after the editor.
	{file: "2446393.md", title: "加速与俄罗斯划清关系的日本公司大幅增加", narrator: "战友520", editor: "小老虎", publisher: "Calvin",
		cover: "https://lh6.googleusercontent.com/2gRPTb2JSrjb5nVVysZNqt4NF1ka", text: zh(2415190),
		desc: "据4月26日NHK新闻报道，一项调查显示，在俄罗斯军事入侵乌克兰两个月后，在俄罗斯运营的日本上市公司在本月上半月前决定暂停或撤出的企业已超过三分之一，和一个月前相比大幅增加。"},
	{file: "2446413.md", title: "日本发现首例原因不明的儿童急性肝炎", narrator: "战友520", editor: "小老虎", publisher: "Calvin",
		cover: "https://lh4.googleusercontent.com/__TSLDK4hetGi61txqZM_LIhGP6s", text: zh(2415248),
		desc: "厚生劳动省于4月25日宣布,国内首次报告了1名与海外急剧增加的原因不明儿童的急性肝炎。"},
	{file: "2446428.md", title: "北海道观光船遇难 日俄合作搜救", narrator: "战友520", editor: "小老虎", publisher: "Calvin",
		cover: "https://lh3.googleusercontent.com/HYLyCQ5Td3kl3UdhaxWX3LFtUL1s", text: zh(2415639),
		desc: "政府透露，正在与邻国俄罗斯合作，搜救在北海道知床半岛附近观光船遇难事故中失踪的船员和乘客。"},
	// No image but the logo: no cover. 【摘要】 opens the text.
	{file: "2446859.md", title: "上海正在上演残酷的中共疫情封锁模式（下）", narrator: "战友520", editor: "曲别针", publisher: "zaq1868",
		text: zh(2365914),
		desc: "今天，上海人民正在遭受长达数周的封锁，食品短缺和对健康人的极端隔离。"},
	{file: "2447054.md", title: "在俄日资企业 40%停止营业", narrator: "战友520", editor: "曲别针", publisher: "zaq1868",
		text: zh(2367204),
		desc: "4月15日，帝国数据库宣布了在俄日资企业的调查结果显示，在168家主要企业中约有40%停止了在俄罗斯的业务，而其中3家公司已退出。"},
	// Web2.0.0: full stops that end no sentence.
	{file: "2447099.md", title: "中共国欲打造伪区块链服务网络发展NFT", narrator: "战友520", editor: "曲别针", publisher: "zaq1868",
		text: zh(2367251),
		desc: "4月13日，中共国提出了类似于Web2.0.0时代所建立的网络防火墙一样的一套独有NFT管制方法。"},
	{file: "2447252.md", title: "美参议院担心乌克兰可“变成叙利亚提出在乌克兰部署美国军队", narrator: "战友520", editor: "曲别针", publisher: "zaq1868",
		text: zh(2366111),
		desc: "被媒体称为乔-拜登总统最亲密的参议院盟友的美国参议员克里斯-库恩斯（D-Delaware）提出了在乌克兰部署美国军队打击俄罗斯人的想法，他说他担心这个前苏联共和国将 “变成东欧的叙利亚”。"},
	{file: "2447363.md", title: "暴击中共法律超限战（三）：多维网被迫关闭", narrator: "战友520", editor: "Calvin", publisher: "Calvin",
		cover: "https://lh4.googleusercontent.com/5S1rc_oPN5C2YsKXnTEG3muNs1Zv", text: zh(2421246),
		desc: "中共一直对郭文贵先生进行邪恶的法律超限战，中共对郭文贵先生的法律诉讼是精心策划的组合拳，“419VOA断播”的前一天，诉讼已经递交。"},
	// An empty ![]() where the logo would be.
	{file: "2447509.md", title: "恒大5.74 亿在岸票息延期六个月支付获批准", narrator: "战友520", editor: "Calvin", publisher: "Calvin",
		cover: "https://lh4.googleusercontent.com/mzyeDgQV_e9vCiOGjVko8WUSFjrh", text: zh(2422369),
		desc: "4月26日，中国恒大集团子公司——恒大房地产集团有限公司表示，其债权人已批准将周三到期的5.74 亿元人民币在岸债券票息，延期六个月支付。"},
	{file: "2447511.md", title: "俄罗斯停止天然气供应 波兰将提起违约诉讼", narrator: "战友520", editor: "曲别针", publisher: "zaq1868",
		text: zh(2420843),
		desc: "波兰政府被告知，在华沙拒绝向其供应商俄罗斯天然气公司支付卢布后，该国的天然气供应将从周三（4月27日）开始停止。"},
	// A date in the title.
	{file: "2447784.md", title: "拜登将于5月20日起访问日本和韩国参加四国峰会", narrator: "战友520", editor: "南雁", publisher: "九龍灣",
		cover: assets05 + "image6.png", text: zh(2427644),
		desc: "4月27日美国白宫宣布，拜登总统将于5月20日至24日访问日本和韩国。"},
	{file: "2447799.md", title: "担忧国际价格上涨印尼暂停棕榈油出口", narrator: "战友520", editor: "南雁", publisher: "九龍灣",
		cover: assets05 + "image2.png", text: zh(2427704),
		desc: "据NHK4月28日消息，全球最大的棕榈油生产国印度尼西亚将从28日起暂时禁止棕榈油出口。"},
	{file: "2447845.md", title: "岸田文雄与泽连斯基举行电话会谈", narrator: "战友520", editor: "南雁", publisher: "zaq1868",
		text: zh(2423092),
		desc: "日本首相岸田文雄26日晚与乌总统泽连斯基举行电话会谈，岸田表示将提供食品和药品等物资，以及自卫队拥有的防化学武器用防护面罩和监视用小型无人机。"},
	// Broken bold in the footer: **发布：东京樱花团/Calvi**n.
	{file: "2447964.md", title: "欧盟将对乌克兰产品免进口关税一年", narrator: "战友520", editor: "Calvin", publisher: "Calvin",
		cover: "https://lh6.googleusercontent.com/wnvxi5I2qFBugTrBzQVIFgKcZ_yX", text: zh(2429302),
		desc: "欧盟委员会4月27日提议，建议对现行自由贸易协定（FTA）未加入的乌克兰产品暂停征收一年的进口关税，来支持受到俄罗斯入侵影响的乌克兰经济。"},
	{file: "2447999.md", title: "卡拉奇大学孔子学院爆炸多人伤亡 巴分离组织警告还将对中共目标发起袭击", narrator: "战友520", editor: "Calvin", publisher: "Calvin",
		cover: "https://lh3.googleusercontent.com/1r6BpLGeE3YDRvX2KV-ahS9yxFzM", text: zh(2429497),
		desc: "位于巴基斯坦南部的卡拉奇大学4月26日发生爆炸攻击，校内孔子学院一辆班车遭遇炸弹袭击，共造成4死，其中包含3名中共国教师与1名巴公民。"},
	// 编辑 right under 文字版原文, with no blank line.
	{file: "2448221.md", title: "日本官房长官宣布美日峰会将于5月23日举行", narrator: "战友520", editor: "小老虎", publisher: "zaq1868",
		text: zh(2429214),
		desc: "4月28日每日新闻消息：在28日上午的新闻发布会上，内阁官房长官松野博一宣布，美国总统拜登将于5月22日至24日访问日本，并将于5月23日与岸田文雄首相举行日美首脑会谈，他们将 “确认在所有方面的密切合作，包括进一步加强印度—太平洋地区，特别是东亚地区，以确保在因俄罗斯对乌克兰的侵略对国际秩序造成的重大冲击中实现和平和繁荣。"},
	{file: "2454543.md", title: "辉瑞疫苗与突发性耳聋有关", narrator: "战友520", editor: "小老虎", publisher: "平安卿卿",
		cover: "https://lh4.googleusercontent.com/jZXFBhgsthEx7njMieDHXWecQOLQ", text: zh(2435650),
		desc: "以色列Lady Davis Carmel Medical Center的Yoav Yanir等人对该国的辉瑞疫苗接种者260万例进行了各种相关研究并探讨了两者的关联性。"},
	// The seed: 【编者按】, （未完待续）, 作者简介：.
	{file: "2455369.md", title: "基于中国的云和金融服务对美国和全球民主构成威胁（上）", narrator: "战友520", editor: "南雁", publisher: "平安卿卿",
		cover: "https://lh5.googleusercontent.com/73XMBHJtEk3F0jGYA5KR9cbOOYKF", text: zh(2442437),
		desc: "中国最大的电子商务提供商阿里巴巴集团，对在全球特别是在美国发展云服务雄心勃勃，决心与谷歌和亚马逊一决高下。"},
	// The first image stands after the first paragraph.
	{file: "2456056.md", title: "蓝翔狗血剧续集，女儿举报母亲", narrator: "战友520", editor: "Calvin", publisher: "Calvin",
		cover: "https://lh5.googleusercontent.com/mxuiwPIe9RIJL-207zqRgiDcYOq1", text: zh(2430303),
		desc: "山东蓝翔是中国职业技术学院的领头羊，“挖掘机学校哪家强，中国山东找蓝翔”，几乎无人不知，豪门恩怨上演的一幕幕狗血剧，让看瓜群众也傻了眼！"},
	// Broken bold in the credit: **音频：东京樱花团/战友52**0.
	{file: "2456231.md", title: "继波兰保加利亚后 芬兰声明不以卢布支付俄罗斯天然气", narrator: "战友520", editor: "Calvin", publisher: "Calvin",
		cover: "https://lh3.googleusercontent.com/o9KaecvbW7nLuAuSguz_VhheVCyi", text: zh(2431040),
		desc: "赫尔辛基，4月28日路透社，芬兰负责欧洲事务的部长蒂蒂·图普雷宁（Tytti Tuppurainen）周四表示，尽管俄罗斯要求欧洲国家以卢布支付俄罗斯的天然气，但芬兰不会这样做。"},
	{file: "2476781.md", title: "日本外相出访与俄罗斯关系密切的三个国家谈判受阻", narrator: "战友520", editor: "南雁", publisher: "平安卿卿",
		cover: "https://lh3.googleusercontent.com/5t9dM-Ej8tNOo9R5Om0vZM_qPMkP", text: zh(2458944),
		desc: "5月3日每日新闻消息：2日，外相林芳正结束对哈萨克斯坦、乌兹别克斯坦和蒙古这三个中亚国家的访问返回日本。"},
	{file: "2477854.md", title: "德国用印度代替中国？", narrator: "战友520", editor: "南雁", publisher: "文米",
		cover: "https://lh5.googleusercontent.com/vm5TqrN3NsDTY_c8CHqK0b-F73VJ", text: zh(2460857),
		desc: "印度总理莫迪在周一（5月2日）访问了柏林，双方进行了印德政府磋商会议。"},
	{file: "2483246.md", title: "156人从马里乌波尔撤离，数城市拟建人道主义走廊", narrator: "战友520", editor: "南雁", publisher: "文米",
		cover: "https://lh6.googleusercontent.com/jlQKkP8NGjbEa4V3fB6-EU0Zg5wh", text: zh(2465434),
		desc: "美国有线电视新闻网（ＣＮＮ）报道，乌克兰总统泽连斯基3日在例行讲话中宣布，从东南部的马里乌波尔地区的亚佐夫斯塔尔钢铁厂撤离的156人于同日抵达政府控制区南部城市扎波罗热。"},
	// 关键词：摘要： under the logo.
	{file: "2483625.md", title: "欧盟继续将一些俄大银行排除Swift系统外", narrator: "战友520", editor: "南雁", publisher: "文米",
		cover: assets05 + "image-808.png", text: zh(2466537),
		desc: "欧盟外交政策最高专员5月3日表示，在欧盟推出的第六批对俄罗斯的制裁下，“继续有一些俄罗斯大银行被排除在国际支付系统 Swift之外，这其中包括占有俄国内银行资本市场 37% 的最重要银行——俄联邦储蓄银行(Sberbank) 也因此被排除在此项国际支付系统之外。”"},
	{file: "2483735.md", title: "五常“否决权”被限，美国为什么支持？", narrator: "战友520", editor: "小老虎", publisher: "平安卿卿",
		cover: "https://lh4.googleusercontent.com/dSG6PGXm2Fa41RGXwDNp0SNGHunN", text: zh(2467968),
		desc: "联合国193个成员国近期以协商一致、未经投票的表决方式，通过一项改革决议，要求安理会五个常任理事国未来在投票表决中使用否决权时必须说明否决理由。"},
	{file: "2483915.md", title: "英向乌持续提供援助，法斡旋俄提条件", narrator: "战友520", editor: "南雁", publisher: "文米",
		cover: assets05 + "image-827.png", text: zh(2467417),
		desc: "据FNN报道：英国首相约翰逊在5月3日与乌克兰议会发表在线讲话，宣布提供额外的军事支持。"},
	// The cover's caption on its line; [编者按].
	{file: "2499993.md", title: "中共再次打出稀土牌（上）", narrator: "战友520", editor: "南雁", publisher: "平安卿卿",
		cover: "https://lh5.googleusercontent.com/cA4lrkCs07hjcPGry1ynDmPl1qoM", caption: "（图片说明）2010年9月5日，在中国江苏省连云港的一处港口", text: zh(2471463),
		desc: "尽管屡屡失败北京政府仍热衷霸凌他国，现在到了2022年，北京又要打同样的牌。"},
	{file: "2499995.md", title: "中共再次打出稀土牌（下）", narrator: "战友520", editor: "南雁", publisher: "平安卿卿",
		cover: "https://lh3.googleusercontent.com/7hPcEbHK602JNJlfcp6jFvjOWQII", caption: "（图片说明）2020年1月30日，在加利福尼亚州帕斯山的 MP Materials 稀土矿上", text: zh(2471548),
		desc: "尽管屡屡失败北京政府仍热衷霸凌他国，现在到了2022年，北京又要打同样的牌。"},
	// 音频下载链接： and a Google Drive page between the credit and the cover.
	{file: "2538565.md", title: "日本 “鹤丸”号在尖阁列岛被中共海警局无理追踪30多小时", narrator: "战友520", editor: "南雁", publisher: "平安卿卿",
		cover: "https://lh4.googleusercontent.com/f6tNlIA1hoKbdCJAREb7EOIUINNy", text: zh(2507207),
		desc: "5月11日八重山日报消息：驶入尖阁列岛周围水域的渔船 “鹤丸 “号于日本时间10日晚7时左右返回石垣岛。"},
}

// Text that must not reach an episode's body or description: the header,
// the footer, the logos and the player's leftovers.
var (
	notInBody = []string{
		"返回](README.md)", "轉載自", "音频：", "音声：", "音频链接", "音频下载链接", "drive.google.com", "| --- |",
		"文字版原文", "テキスト版", "编辑：", "編輯：", "发布：", "アップロード：", "免责声明", "ROL Foundation", "Privacy Policy",
		"18B09338-07A4-435B-8396-FBF30C5ECE94", "yht.jpg", "二维码", "%E4%BA%8C%E7%BB%B4%E7%A0%81", "屏幕截图", "关键词", "![]()",
	}
	notInDescription = []string{"**", "](", "![", "<", ">", "&", "图片说明", "图片来源", "音频", "\n", "\u00a0", "\u200b", "\ufeff"}
)

func TestRealArticles(t *testing.T) {
	seen := map[string]bool{}
	for _, tt := range realCases {
		seen[tt.file] = true
		name := strings.TrimSuffix(tt.file, ".md")
		if tt.series != "" {
			name += "-" + tt.series
		}
		t.Run(name, func(t *testing.T) {
			file := filepath.Join("testdata", "real", tt.file)
			a, err := Parser{Series: tt.series}.Parse(file, mustReadFile(t, file))
			if tt.skip != "" {
				var skip *SkipError
				if !errors.As(err, &skip) || skip.Reason != tt.skip {
					t.Fatalf("got %v, want skipped: %s", err, tt.skip)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			checkReal(t, tt, a)
			checkGolden(t, filepath.Join("testdata", "golden", name+".txt"), goldenText(t, a))
		})
	}
	entries, err := os.ReadDir(filepath.Join("testdata", "real"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), ".") && !seen[e.Name()] {
			t.Errorf("testdata/real/%s is not in the table", e.Name())
		}
	}
}

func checkReal(t *testing.T, tt realCase, a Article) {
	t.Helper()
	got := realCase{file: tt.file, series: tt.series, title: a.Title, narrator: a.Narrator().Name, editor: a.Editor().Name,
		publisher: a.credit(Publisher).Name, cover: prefix(a.Cover, tt.cover), caption: prefix(a.CoverCaption, tt.caption),
		text: a.TextURL, desc: prefix(a.Description, tt.desc)}
	if d := cmp.Diff(tt, got, cmp.AllowUnexported(realCase{})); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	if a.Narrator().Organisation == "" || a.Editor().Organisation == "" {
		t.Errorf("credits without their organisation: %+v", a.Credits)
	}
	// No warning but the one for an article with no cover: a missing
	// editor's note (94% of the archive) is the normal case.
	var warns []string
	for _, w := range a.Warnings {
		warns = append(warns, w.Error())
	}
	if tt.cover == "" {
		if len(warns) != 1 || !strings.Contains(warns[0], "no cover image") {
			t.Errorf("warnings = %q, want one: no cover image", warns)
		}
	} else if len(warns) != 0 {
		t.Errorf("warnings = %q, want none", warns)
	}
	for _, s := range notInBody {
		if strings.Contains(a.Body, s) {
			t.Errorf("body holds %q", s)
		}
	}
	if a.Cover != "" && strings.Contains(a.Body, a.Cover) {
		t.Errorf("body holds the cover")
	}
	for _, s := range notInDescription {
		if strings.Contains(a.Description, s) {
			t.Errorf("description holds %q: %s", s, a.Description)
		}
	}
	if !isProse(a.Description) {
		t.Errorf("description does not end a sentence: %s", a.Description)
	}
	// The body's opening is cut at about descriptionRunes; an editor's note
	// is whole.
	if n := utf8.RuneCountInString(a.Description); n > descriptionRunes && !strings.Contains(a.Body, "编者按") {
		t.Errorf("description of %d runes", n)
	}
}

// prefix is s cut to the length of want when s starts with it: the table
// holds the start of long values.
func prefix(s, want string) string {
	if want != "" && strings.HasPrefix(s, want) {
		return want
	}
	return s
}

// goldenText is the whole article as its golden file holds it: its fields
// as JSON, then its body as Markdown.
func goldenText(t *testing.T, a Article) string {
	t.Helper()
	body := a.Body
	a.Body = ""
	var warns []string
	for _, w := range a.Warnings {
		warns = append(warns, w.Error())
	}
	a.Warnings = nil
	b, err := json.MarshalIndent(struct {
		Article
		Body     string   `json:",omitempty"`
		Warnings []string `json:",omitempty"`
	}{Article: a, Warnings: warns}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b) + "\n\n-- body --\n" + body + "\n"
}

// checkGolden compares got with the golden file, or rewrites it under
// -update.
func checkGolden(t *testing.T, golden, got string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(string(want), got); d != "" {
		t.Errorf("%s (-want +got):\n%s", golden, d)
	}
}

// TestRealJapanese: the Japanese edition's parser skips every episode of
// the Chinese one.
func TestRealJapanese(t *testing.T) {
	for _, tt := range realCases {
		if tt.series != "" || tt.skip != "" {
			continue
		}
		file := filepath.Join("testdata", "real", tt.file)
		_, err := Parser{Series: "さくらFM"}.Parse(file, mustReadFile(t, file))
		var skip *SkipError
		if want := "not さくらFM (樱花FM, the Chinese edition)"; !errors.As(err, &skip) || skip.Reason != want {
			t.Errorf("%s: got %v, want skipped: %s", tt.file, err, want)
		}
	}
}
