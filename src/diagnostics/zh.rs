//! Chinese wording of diagnostics. Messages and hints are written once, in
//! English, where they are found; this catalog turns each of their forms
//! into Chinese for `check --lang zh`, keeping the quoted values (ids, keys,
//! file names) as they are. A test runs every case of the error table
//! through it, so a new message without a Chinese form is noticed.

use std::sync::OnceLock;

use regex::Regex;

/// `(pattern, replacement)`; `$1`… are the pattern's groups.
const CATALOG: &[(&str, &str)] = &[
    // Messages.
    (r"^unknown field `(.*)`$", "未知的键 `$1`"),
    (r"^missing field `(.*)`$", "缺少必填的键 `$1`"),
    (
        r"^invalid type: expected (.*), found (.*)$",
        "类型不对：这里应为${1}，实为${2}",
    ),
    (r"^unknown value `(.*)`$", "未知的取值 `$1`"),
    (r"^unknown region `(.*)`$", "未知的地区 `$1`"),
    (r"^unknown category `(.*)`$", "未知的领域 `$1`"),
    (r"^unknown program `(.*)`$", "未知的工程类别 `$1`"),
    (r"^unknown unit `(.*)`$", "未知的单位 `$1`"),
    (r"^unknown plan `(.*)`$", "未知的方案 `$1`"),
    (r"^unknown section `(.*)`$", "未知的部分 `$1`"),
    (r"^unknown project `(.*)`$", "未知的工程 `$1`"),
    (r"^unknown metric `(.*)`$", "未知的指标 `$1`"),
    (r"^duplicate region id `(.*)`$", "地区 id `$1` 重复"),
    (r"^duplicate category id `(.*)`$", "领域 id `$1` 重复"),
    (r"^duplicate program id `(.*)`$", "工程类别 id `$1` 重复"),
    (r"^duplicate unit id `(.*)`$", "单位 id `$1` 重复"),
    (r"^duplicate plan id `(.*)`$", "方案 id `$1` 重复"),
    (r"^duplicate section id `(.*)`$", "部分 id `$1` 重复"),
    (r"^duplicate project id `(.*)`$", "工程 id `$1` 重复"),
    (r"^duplicate metric id `(.*)`$", "指标 id `$1` 重复"),
    (r"^`(.*)` is not a valid id$", "`$1` 不是有效的 id"),
    (r"^`(.*)` is not a date$", "`$1` 不是日期"),
    (r"^`(.*)` is not a year$", "`$1` 不是年份"),
    (r"^`(.*)` is not an http\(s\) URL$", "`$1` 不是 http(s) 网址"),
    (r"^`(.*)` is not an absolute URL$", "`$1` 不是完整网址"),
    (
        r"^`(.*)` does not exist beside plan\.yaml$",
        "plan.yaml 旁没有文件 `$1`",
    ),
    (
        r"^`(.*)` does not exist in the progress/ folder$",
        "progress/ 文件夹中没有文件 `$1`",
    ),
    (
        r"^`(.*)` is listed twice for the same region$",
        "`$1` 在同一地区下列了两次",
    ),
    (r"^Chinese text is empty$", "中文文本为空"),
    (r"^unsupported languages$", "不支持的语言设置"),
    (r"^regions form a cycle of parents$", "地区的上级关系形成了循环"),
    (r"^population must be a positive number$", "人口必须是正数"),
    (r"^implausible year$", "年份不合理"),
    (r"^a plan cannot derive from itself$", "方案不能以自身为上级方案"),
    (r"^English intro without a Chinese one$", "有英文简介但缺少中文简介"),
    (
        r"^this plan has sections but the project names none$",
        "本方案分了部分，但该工程未注明所属部分",
    ),
    (r"^no English name for `(.*)`$", "`$1` 没有英文名称"),
    (r"^(.*) does not appear in the quote$", "引文中找不到数值 $1"),
    (r"^a value needs a unit$", "数值缺少单位"),
    (r"^a unit without a value$", "有单位但没有数值"),
    (
        r"^unit `(.*)` does not match metric `(.*)`, measured in `(.*)`$",
        "单位 `$1` 与指标 `$2` 的单位 `$3` 不一致",
    ),
    (r"^the quote is not in the plan's source text$", "引文不在方案原文中"),
    (
        r"^the project's source_text is not in the plan's source text$",
        "工程的 source_text 不在方案原文中",
    ),
    (r"^the quote is not in the report's text$", "引文不在报告原文中"),
    (
        r"^the status word is not in the report's text$",
        "状态用语不在报告原文中",
    ),
    (r"^(.*) is before the plan year (.*)$", "$1 早于方案年份 $2"),
    (
        r"^published (.*) before its as_of date (.*)$",
        "发布日期 $1 早于数据截止日期 $2",
    ),
    (
        r"^project `(.*)` appears twice in this report$",
        "工程 `$1` 在本报告中出现了两次",
    ),
    (
        r"^a status needs the word the report printed$",
        "填写了状态，但缺少报告原文用语",
    ),
    (r"^a status word without a status$", "填写了原文用语，但缺少状态"),
    (r"^a reported figure cannot be negative$", "报告数值不能为负"),
    (
        r"^no target of project `(.*)` measures metric `(.*)`$",
        "工程 `$1` 没有衡量指标 `$2` 的目标",
    ),
    (
        r"^project `(.*)` has (\d+) targets; there is no target (\d+)$",
        "工程 `$1` 只有 $2 个目标，没有第 $3 个",
    ),
    (
        r"^unit `(.*)` differs from the target's `(.*)`$",
        "单位 `$1` 与目标的单位 `$2` 不一致",
    ),
    (
        r"^the report prints (.*)% but the figure ÷ the plan target is (.*)%$",
        "报告印的是 $1%，但数值÷方案目标为 $2%",
    ),
    (r"^required file is missing$", "缺少必需的文件"),
    (
        r"^the document states (\d+) projects but (\d+) are listed$",
        "文件写明共 $1 项，但列出了 $2 项",
    ),
    (r"^a target cannot be negative$", "目标数值不能为负"),
    (r"^(.*) is implausibly large$", "$1 大得不合常理"),
    (r"^a percentage above 100 as a target$", "目标百分比超过 100"),
    (
        r"^due (.*), after the plan's final deadline (.*)$",
        "期限 $1 晚于方案的最终期限 $2",
    ),
    (r"^due (.*), before the plan year (.*)$", "期限 $1 早于方案年份 $2"),
    (
        r"^plan\.yaml is not in a `content/plans/<region>/<year>/` folder$",
        "plan.yaml 不在 `content/plans/<地区>/<年份>/` 文件夹中",
    ),
    (
        r"^the file is not UTF-8: it looks like GBK/GB18030 \(a Chinese Windows encoding\)$",
        "文件不是 UTF-8 编码：看起来是 GBK/GB18030（中文 Windows 常用编码）",
    ),
    (r"^the file is not valid UTF-8 text$", "文件不是有效的 UTF-8 文本"),
    (r"^REVIEW left: (.*)$", "尚待审核（REVIEW）：$1"),
    // Hints.
    (r"^did you mean `(.*)`\?$", "是不是 `$1`？"),
    (
        r"^settle what the comment asks, then delete the comment$",
        "按注释所说核对处理，然后删去这条注释",
    ),
    (r"^known keys here: (.*)$", "此处可用的键：$1"),
    (r"^use one of: (.*)$", "可用的取值：$1"),
    (
        r"^add the required key \(see docs/content-model\.md\)$",
        "请补上必填的键（见 docs/content-model.md）",
    ),
    (
        r"^remove the key or correct its spelling \(see docs/content-model\.md\)$",
        "请删除该键或改正拼写（见 docs/content-model.md）",
    ),
    (
        r"^write a plain number in base units, e\.g\. 120000 rather than 12万$",
        "请写基本单位的纯数字，例如 120000，而不是 12万",
    ),
    (
        r"^a comma inside `\{zh: …, en: …\}` ends the value: put text that contains a comma in quotes$",
        "`{zh: …, en: …}` 中的逗号会截断取值：含逗号的文字请加引号",
    ),
    (
        r"^a full-width colon `：` is not YAML syntax: .*$",
        "全角冒号 `：` 不是 YAML 语法：键后请用半角冒号加空格 `key: value`（把输入法切换到半角）",
    ),
    (
        r"^a full-width space \(　\) is not YAML syntax: .*$",
        "全角空格（　）不是 YAML 语法：请用半角空格（把输入法切换到半角）",
    ),
    (
        r"^line (\d+) uses a full-width colon .*$",
        "第 $1 行在键后用了全角冒号 `：`：YAML 需要半角冒号加空格 `key: value`（把输入法切换到半角）",
    ),
    (
        r"^line (\d+) is indented with a tab: .*$",
        "第 $1 行用制表符缩进：YAML 只能用空格缩进，请把制表符换成空格",
    ),
    (
        r"^line (\d+) is indented with a full-width space .*$",
        "第 $1 行用全角空格缩进：请改用半角空格",
    ),
    (
        r"^line (\d+) separates items with a full-width comma .*$",
        "第 $1 行在 {…} 或 […] 中用了全角逗号 `，`：请用半角逗号 `,`，或给文字加引号",
    ),
    (
        r"^check for an unclosed .*$",
        "请检查本行或上面几行是否有未闭合的 `[` 或 `{`；含 `:`、`#`、`[`、`{` 的文字请加引号",
    ),
    (
        r"^check the YAML syntax and indentation at this place$",
        "请检查此处的 YAML 语法和缩进",
    ),
    (
        r"^each key may appear once in a mapping: .*$",
        "同一层中每个键只能出现一次：请删除或改名重复的键",
    ),
    (
        r"^save it as UTF-8 in your editor, or convert it: (.*)$",
        "请在编辑器中另存为 UTF-8，或用命令转换：$1",
    ),
    (
        r"^save the file as UTF-8 .*$",
        "请把文件另存为 UTF-8；第一个无效字节就在此处",
    ),
    (
        r"^see docs/content-model\.md for what it holds$",
        "该文件的内容见 docs/content-model.md",
    ),
    (
        r"^write the value after the colon, or remove the key$",
        "请在冒号后填写取值，或删除该键",
    ),
    (
        r"^start each item on its own line with `- `, or write \[a, b\]$",
        "每项单独一行并以 `- ` 开头，或写成 [a, b]",
    ),
    (
        r"^write `key: value` pairs indented under this key, or \{zh: …, en: …\}$",
        "请在此键下缩进写 `键: 值`，或写成 {zh: …, en: …}",
    ),
    (
        r"^check the value's type \(see docs/content-model\.md\)$",
        "请检查取值类型（见 docs/content-model.md）",
    ),
    (
        r"^use the id of a region defined in its file \((\d+) known\)$",
        "请使用已定义的地区 id（已有 $1 个）",
    ),
    (
        r"^use the id of a category defined in its file \((\d+) known\)$",
        "请使用已定义的领域 id（已有 $1 个）",
    ),
    (
        r"^use the id of a program defined in its file \((\d+) known\)$",
        "请使用已定义的工程类别 id（已有 $1 个）",
    ),
    (
        r"^use the id of a unit defined in its file \((\d+) known\)$",
        "请使用已定义的单位 id（已有 $1 个）",
    ),
    (
        r"^use the id of a plan defined in its file \((\d+) known\)$",
        "请使用已定义的方案 id（已有 $1 个）",
    ),
    (
        r"^use the id of a section defined in its file \((\d+) known\)$",
        "请使用已定义的部分 id（已有 $1 个）",
    ),
    (
        r"^use the id of a project defined in its file \((\d+) known\)$",
        "请使用已定义的工程 id（已有 $1 个）",
    ),
    (
        r"^use the id of a metric defined in its file \((\d+) known\)$",
        "请使用已定义的指标 id（已有 $1 个）",
    ),
    (
        r"^ids are ASCII slugs: .*$",
        "id 只能用小写英文字母、数字和 `-`，例如 `rural-roads`",
    ),
    (
        r"^already defined at line (\d+); ids must be unique$",
        "已在第 $1 行定义；id 不能重复",
    ),
    (
        r"^`zh` is required: write the text as published$",
        "`zh` 必填：请照录发布的文字",
    ),
    (
        r"^write YYYY-MM-DD, or YYYY-MM when the source gives only a month$",
        "请写 YYYY-MM-DD；原文只写到月份时写 YYYY-MM",
    ),
    (
        r"^write the full address starting with https://.*$",
        "请写以 https:// 开头的完整网址，不含空格和引号",
    ),
    (r"^write the full address, e\.g\. (.*)$", "请写完整网址，例如 $1"),
    (
        r"^gongkai publishes Simplified Chinese at / and English under /en/: write \[zh, en\]$",
        "gongkai 在 / 发布简体中文、在 /en/ 发布英文：请写 [zh, en]",
    ),
    (r"^a region cannot be its own ancestor$", "地区不能是自己的上级"),
    (
        r"^leave `population` out when no citable figure is known$",
        "没有可引用的数据时请删去 `population`",
    ),
    (r"^write the year the figure refers to$", "请写数据所属的年份"),
    (r"^name the higher-level plan, e\.g\. (.*)$", "请写上级方案，例如 $1"),
    (
        r"^plan folders are content/plans/<region-id>/<YYYY>/$",
        "方案文件夹应为 content/plans/<地区id>/<年份>/",
    ),
    (
        r"^store the original document text \(Simplified Chinese\) in that file$",
        "请把文件原文（简体中文）存入该文件",
    ),
    (
        r"^store the report's text as published .*$",
        "请把报告原文（简体中文）存入该文件，放在本 YAML 旁边",
    ),
    (
        r"^add intro\.zh\.md: Chinese is the reference text$",
        "请添加 intro.zh.md：中文是基准文本",
    ),
    (
        r"^add `section:` with the id of one of the plan's sections$",
        "请添加 `section:`，写本方案某一部分的 id",
    ),
    (
        r"^add it to content/agencies\.yaml with the plan's region$",
        "请把它加入 content/agencies.yaml，并注明方案所属地区",
    ),
    (
        r"^every figure must be in the source sentence quoted \(12万 = 120000\)$",
        "每个数值都必须出现在所引原文中（12万 = 120000）",
    ),
    (
        r"^add `unit:` with a unit id from content/units\.yaml$",
        "请添加 `unit:`，写 content/units.yaml 中的单位 id",
    ),
    (
        r"^add the `value`, or remove `unit` for a target without a number$",
        "请补上 `value`；没有数值的目标请删去 `unit`",
    ),
    (
        r"^metrics of this project's (programs|targets): (.*)$",
        "本工程可用的指标：$2",
    ),
    (
        r"^add the project's `programs` first; metrics belong to programs$",
        "请先填写工程的 `programs`：指标属于工程类别",
    ),
    (
        r"^convert the value to the metric's unit, .*$",
        "请把数值换算成指标的单位，或换用别的指标：只有同一单位的数值才能比较",
    ),
    (
        r"^copy the sentence verbatim from the source file .*$",
        "请从原文文件中逐字复制这句话（空白不计）",
    ),
    (
        r"^copy the words verbatim from the report's \.zh\.txt file .*$",
        "请从报告的 .zh.txt 文件中逐字复制（空白不计）",
    ),
    (
        r"^as_of is the date the report's figures refer to: .*$",
        "as_of 是报告数据的截止日期：应在方案年份当年或之后",
    ),
    (
        r"^check both dates: .*$",
        "请核对两个日期：报告应在数据截止日期之后发布",
    ),
    (
        r"^merge it with the entry on line (\d+): .*$",
        "请与第 $1 行的条目合并：每份报告中每项工程只写一条",
    ),
    (
        r"^add `status_word:` with the report's own word.*$",
        "请添加 `status_word:`，照录报告原文用语，例如 已完成、超序时、滞后",
    ),
    (r"^add `status:` with one of: (.*)$", "请添加 `status:`，可用的取值：$1"),
    (
        r"^write the figure as printed, in base units$",
        "请照录报告数值，换算为基本单位",
    ),
    (
        r"^this project's targets have no metric: .*$",
        "本工程的目标没有指标：请改用 `target: N`（从 1 数起）",
    ),
    (
        r"^targets are counted from 1 in the order of plan\.yaml$",
        "目标按 plan.yaml 中的顺序从 1 数起",
    ),
    (
        r"^write the figure in the unit of the target it measures .*$",
        "请用所对应目标的单位填写数值（12万套 = 120000 housing-unit）",
    ),
    (
        r"^keep the printed percentage .*$",
        "请保留报告印的百分比（政府的计算口径可能不同，例如按调整后目标）；请核对数值和目标",
    ),
    (
        r"^keep one English name per body: .*$",
        "每个单位只保留一个英文名称：请删除重复项",
    ),
    (
        r"^move it to content/plans/<region-id>/<year>/plan\.yaml$",
        "请移到 content/plans/<地区id>/<年份>/plan.yaml",
    ),
];

fn compiled() -> &'static [(Regex, &'static str)] {
    static RES: OnceLock<Vec<(Regex, &'static str)>> = OnceLock::new();
    RES.get_or_init(|| {
        CATALOG
            .iter()
            .filter_map(|(p, r)| Regex::new(p).ok().map(|re| (re, *r)))
            .collect()
    })
}

/// Words for kinds of value inside "invalid type" messages.
const TYPE_WORDS: &[(&str, &str)] = &[
    ("a whole number", "整数"),
    ("a number", "数字"),
    ("a list", "列表"),
    ("a mapping (key: value)", "键值映射（键: 值）"),
    ("true or false", "true 或 false"),
    ("true/false", "true/false"),
    ("nothing", "空值"),
    ("another value", "其他取值"),
    ("text", "文字"),
];

/// The Chinese form of an English message or hint, if the catalog has it.
pub fn to_zh(en: &str) -> Option<String> {
    let out = compiled()
        .iter()
        .find(|(re, _)| re.is_match(en))
        .map(|(re, rep)| re.replace(en, *rep).into_owned())?;
    if !en.starts_with("invalid type:") {
        return Some(out);
    }
    // Translate the kinds, leaving the quoted value (after a backtick) alone.
    let (kinds, value) = match out.find('`') {
        Some(i) => out.split_at(i),
        None => (out.as_str(), ""),
    };
    let mut kinds = kinds.replace(" or ", "或");
    for (e, z) in TYPE_WORDS {
        kinds = kinds.replace(e, z);
    }
    Some(format!("{kinds}{value}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pattern_compiles_and_values_are_kept() {
        assert_eq!(compiled().len(), CATALOG.len());
        assert_eq!(to_zh("unknown field `levle`").unwrap(), "未知的键 `levle`");
        assert_eq!(to_zh("did you mean `level`?").unwrap(), "是不是 `level`？");
        assert_eq!(to_zh("unknown region `alpah`").unwrap(), "未知的地区 `alpah`");
        assert!(to_zh("something new").is_none());
        assert_eq!(
            to_zh("invalid type: expected a number, found text `7千`").unwrap(),
            "类型不对：这里应为数字，实为文字 `7千`"
        );
    }
}
