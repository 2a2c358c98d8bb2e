// Console texts, zh-CN first (the users are Chinese government staff), English as the switch.
const TEXTS = {
  zh: {
    'brand': '矛盾纠纷多元化解 · 运行控制台', 'logout': '退出', 'lang.other': 'English',
    'nav.overview': '概览', 'nav.routes': '路由', 'nav.disputes': '纠纷', 'nav.quarantine': '隔离区',
    'nav.deadlines': '期限', 'nav.alerts': '告警', 'nav.indicators': '指标',
    'login.title': '登录', 'login.user': '用户名', 'login.password': '密码', 'login.submit': '登录',
    'login.hint': '凭据仅保存在本浏览器标签页（sessionStorage），关闭即清除。',
    'login.failed': '用户名或密码错误', 'login.unreachable': '无法连接枢纽',
    'role.ADMIN': '管理员', 'role.OPERATOR': '操作员', 'role.MONITOR': '值班监控', 'role.AUDITOR': '审计员',
    'common.loading': '加载中…', 'common.none': '暂无', 'common.refresh': '刷新', 'common.autoRefresh': '每 5 秒自动刷新',
    'common.forbidden': '当前角色无权执行此操作（403）', 'common.error': '出错了', 'common.search': '查询',
    'common.back': '返回', 'common.payload': '报文', 'common.time': '时间', 'common.agency': '机构',
    'overview.title': '运行概览', 'overview.links': '各机构链路', 'overview.throughput': '近一小时消息量（每 5 分钟）',
    'overview.in': '接收', 'overview.out': '发出', 'overview.errors': '错误',
    'overview.quarantine': '隔离区待处理', 'overview.dueToday': '今日到期', 'overview.overdue': '已超期',
    'overview.alerts': '未处理告警', 'overview.inHour': '近1小时接收', 'overview.outHour': '近1小时发出',
    'overview.errHour': '近1小时错误', 'overview.byStatus': '纠纷状态分布', 'overview.latestAlerts': '最新告警',
    'link.UP': '正常', 'link.DEGRADED': '降级', 'link.DOWN': '中断', 'link.DISABLED': '未启用',
    'link.backlog': '待发送', 'link.failing': '发送失败待重试', 'link.breaker': '熔断器', 'link.lastSuccess': '最近成功',
    'link.inOut': '近1小时 收/发', 'link.quarantined': '近1小时隔离', 'link.why': '原因',
    'why.routes-not-running': '有路由未运行', 'why.breaker-open': '熔断器打开', 'why.deliveries-failing': '投递失败重试中',
    'why.outbox-paused': '法院发件已暂停', 'why.breaker-half-open': '熔断器半开', 'why.no-routes': '未配置',
    'routes.title': '路由', 'routes.id': '路由 ID', 'routes.from': '来源端点', 'routes.status': '状态',
    'routes.total': '交换总数', 'routes.failed': '失败', 'routes.handled': '已处理失败', 'routes.inflight': '处理中',
    'routes.mean': '平均耗时 ms', 'routes.max': '最长耗时 ms', 'routes.lastError': '最近错误', 'routes.actions': '操作',
    'routes.suspend': '暂停', 'routes.resume': '恢复', 'routes.confirmSuspend': '确认暂停路由 {0}？暂停期间该链路不处理消息。',
    'routes.hawtio': '深度检查请使用 Hawtio（管理员）：', 'routes.adminOnly': '暂停/恢复仅限管理员',
    'disputes.title': '纠纷查询', 'disputes.ref': '任一机构编号', 'disputes.region': '行政区划（前缀）',
    'disputes.status': '状态', 'disputes.from': '登记日期起', 'disputes.to': '登记日期止', 'disputes.party': '当事人姓名', 'disputes.any': '全部',
    'disputes.id': '纠纷编号', 'disputes.category': '类别', 'disputes.source': '来源', 'disputes.created': '登记时间',
    'disputes.refs': '各机构编号', 'disputes.count': '共 {0} 条', 'disputes.timeline': '跨机构时间线',
    'disputes.assignments': '分派', 'disputes.masked': '个人信息已按角色脱敏', 'disputes.notFound': '未找到该纠纷',
    'dir.IN': '收', 'dir.OUT': '发', 'dir.INTERNAL': '内部',
    'quarantine.title': '隔离区', 'quarantine.id': '编号', 'quarantine.source': '来源', 'quarantine.reason': '主要原因',
    'quarantine.status': '状态', 'quarantine.at': '隔离时间', 'quarantine.key': '键', 'quarantine.reasons': '全部原因',
    'quarantine.headers': '消息头', 'quarantine.payload': '报文（可修改后重放）', 'quarantine.replay': '修改后重放',
    'quarantine.discard': '丢弃', 'quarantine.discardReason': '丢弃原因（必填，记入审计）',
    'quarantine.replayed': '已重放：{0}', 'quarantine.stillInvalid': '仍不合规，未处理：{0}',
    'quarantine.discarded': '已丢弃', 'quarantine.notReplayable': '该来源暂无重放通道，只能丢弃或由来源重发',
    'quarantine.openDispute': '查看纠纷 {0}', 'quarantine.showAll': '显示已处理', 'quarantine.masked': '报文已脱敏（值班监控角色）',
    'qstatus.OPEN': '待处理', 'qstatus.REPLAYED': '已重放', 'qstatus.DISCARDED': '已丢弃',
    'deadlines.title': '期限（按紧迫程度）', 'deadlines.kind': '期限类型', 'deadlines.ref': '机构编号',
    'deadlines.dispute': '纠纷', 'deadlines.due': '截止时间', 'deadlines.left': '剩余', 'deadlines.state': '状态',
    'kind.COURT_DELEGATION': '法院委派/委托调解期限', 'kind.COURT_APPLICATION': '司法确认申请期限',
    'kind.PETITION_ACK': '信访受理告知', 'kind.PETITION_CONCLUSION': '信访办结', 'kind.GRID_HANDLING': '网格事件处置',
    'kind.ASSIGNMENT': '调解分派到期',
    'dstate.OVERDUE': '已超期', 'dstate.DUE_TODAY': '今日到期', 'dstate.RUNNING': '进行中',
    'alerts.title': '未处理告警', 'alerts.severity': '级别', 'alerts.code': '代码', 'alerts.message': '内容',
    'ew.title': '群体性纠纷预警', 'ew.none': '暂无预警', 'ew.OPEN': '未处理', 'ew.ACKNOWLEDGED': '已处置',
    'ew.rule': '规则', 'ew.rule.EMPLOYER': '同一用人单位', 'ew.rule.TOWNSHIP_SURGE': '乡镇街道纠纷激增',
    'ew.employer': '用人单位', 'ew.township': '乡镇街道', 'ew.workers': '涉及人数', 'ew.disputes': '纠纷数',
    'ew.sources': '来源渠道', 'ew.raised': '首次预警', 'ew.updated': '最近更新', 'ew.webhook': '推送政法委',
    'ew.category': '类别', 'ew.region': '地区', 'ew.reported': '报告时间', 'ew.headCount': '人数', 'ew.refs': '各机构编号',
    'indicators.title': '指标', 'indicators.missing': '指标接口（/api/admin/indicators）尚未提供。',
    'indicators.from': '起', 'indicators.to': '止', 'indicators.query': '查询', 'indicators.csv': '导出CSV',
    'indicators.region': '旗县市区', 'indicators.population': '常住人口', 'indicators.partOf': '（计入{0}）',
    'indicators.period': '统计期间：{0} 至 {1}', 'indicators.formulas': '计算公式', 'indicators.charts': '各旗县市区对比',
    'agency.police': '公安110', 'agency.legal-service': '司法局人民调解', 'agency.court': '法院', 'agency.petition': '信访',
    'agency.grid': '网格化平台', 'agency.womens-federation': '妇联', 'agency.trade-union': '工会', 'agency.hub': '枢纽',
    'rstatus.Started': '运行中', 'rstatus.Suspended': '已暂停', 'rstatus.Stopped': '已停止', 'rstatus.Stopping': '停止中',
    'rstatus.Starting': '启动中', 'rstatus.Suspending': '暂停中',
    'status.REGISTERED': '已登记', 'status.ASSIGNING': '分派中', 'status.ASSIGNED': '已分派', 'status.ACCEPTED': '已受理',
    'status.IN_MEDIATION': '调解中', 'status.CONCLUDED': '已办结', 'status.UNRESOLVED': '未能化解', 'status.BLOCKED': '待人工处理',
    'outcome.SUCCESS': '调解成功', 'outcome.FAILURE': '调解不成', 'outcome.WITHDRAWN': '已撤回', 'outcome.TIMEOUT': '超期',
    'category.MARRIAGE_FAMILY': '婚姻家庭', 'category.NEIGHBOUR': '邻里纠纷', 'category.HOUSING_HOMESTEAD': '房屋宅基地',
    'category.CONTRACT': '合同纠纷', 'category.BUSINESS': '生产经营', 'category.DAMAGES': '损害赔偿',
    'category.LAND_FOREST': '山林土地', 'category.LAND_REQUISITION': '征地拆迁', 'category.ENVIRONMENT': '环境污染',
    'category.LABOUR': '劳动争议', 'category.CONSUMER': '消费纠纷', 'category.MEDICAL': '医疗纠纷',
    'category.TRAFFIC': '道路交通', 'category.PROPERTY_MANAGEMENT': '物业纠纷', 'category.OTHER': '其他',
    'min': '分钟', 'hour': '小时', 'day': '天', 'ago': '前', 'overdueBy': '超期 {0}',
  },
  en: {
    'brand': 'Dispute resolution hub · Operations console', 'logout': 'Log out', 'lang.other': '中文',
    'nav.overview': 'Overview', 'nav.routes': 'Routes', 'nav.disputes': 'Disputes', 'nav.quarantine': 'Quarantine',
    'nav.deadlines': 'Deadlines', 'nav.alerts': 'Alerts', 'nav.indicators': 'Indicators',
    'login.title': 'Log in', 'login.user': 'User name', 'login.password': 'Password', 'login.submit': 'Log in',
    'login.hint': 'Credentials are kept in this browser tab only (sessionStorage) and vanish when it closes.',
    'login.failed': 'Wrong user name or password', 'login.unreachable': 'Hub unreachable',
    'role.ADMIN': 'Administrator', 'role.OPERATOR': 'Operator', 'role.MONITOR': 'Monitor', 'role.AUDITOR': 'Auditor',
    'common.loading': 'Loading…', 'common.none': 'None', 'common.refresh': 'Refresh', 'common.autoRefresh': 'refreshes every 5 s',
    'common.forbidden': 'Your role may not do this (403)', 'common.error': 'Error', 'common.search': 'Search',
    'common.back': 'Back', 'common.payload': 'Payload', 'common.time': 'Time', 'common.agency': 'Agency',
    'overview.title': 'Overview', 'overview.links': 'Agency links', 'overview.throughput': 'Messages in the last hour (per 5 min)',
    'overview.in': 'In', 'overview.out': 'Out', 'overview.errors': 'Errors',
    'overview.quarantine': 'Quarantine open', 'overview.dueToday': 'Due today', 'overview.overdue': 'Overdue',
    'overview.alerts': 'Open alerts', 'overview.inHour': 'In, last hour', 'overview.outHour': 'Out, last hour',
    'overview.errHour': 'Errors, last hour', 'overview.byStatus': 'Disputes by status', 'overview.latestAlerts': 'Latest alerts',
    'link.UP': 'Up', 'link.DEGRADED': 'Degraded', 'link.DOWN': 'Down', 'link.DISABLED': 'Not enabled',
    'link.backlog': 'Waiting to send', 'link.failing': 'Failed, retrying', 'link.breaker': 'Breaker', 'link.lastSuccess': 'Last success',
    'link.inOut': 'In/out last hour', 'link.quarantined': 'Quarantined last hour', 'link.why': 'Why',
    'why.routes-not-running': 'a route is not running', 'why.breaker-open': 'circuit breaker open',
    'why.deliveries-failing': 'deliveries failing', 'why.outbox-paused': 'court outbox paused',
    'why.breaker-half-open': 'breaker half-open', 'why.no-routes': 'not configured',
    'routes.title': 'Routes', 'routes.id': 'Route id', 'routes.from': 'From', 'routes.status': 'Status',
    'routes.total': 'Exchanges', 'routes.failed': 'Failed', 'routes.handled': 'Failures handled', 'routes.inflight': 'Inflight',
    'routes.mean': 'Mean ms', 'routes.max': 'Max ms', 'routes.lastError': 'Last error', 'routes.actions': 'Actions',
    'routes.suspend': 'Suspend', 'routes.resume': 'Resume', 'routes.confirmSuspend': 'Suspend route {0}? Its link processes nothing meanwhile.',
    'routes.hawtio': 'Deep inspection: Hawtio (ADMIN): ', 'routes.adminOnly': 'Suspend/resume: administrators only',
    'disputes.title': 'Disputes', 'disputes.ref': "Any agency's reference", 'disputes.region': 'Region (prefix)',
    'disputes.status': 'Status', 'disputes.from': 'Registered from', 'disputes.to': 'Registered to', 'disputes.party': 'Party name', 'disputes.any': 'Any',
    'disputes.id': 'Dispute', 'disputes.category': 'Category', 'disputes.source': 'Source', 'disputes.created': 'Registered',
    'disputes.refs': 'References', 'disputes.count': '{0} disputes', 'disputes.timeline': 'Timeline across agencies',
    'disputes.assignments': 'Assignments', 'disputes.masked': 'Personal data masked for your role', 'disputes.notFound': 'No such dispute',
    'dir.IN': 'in', 'dir.OUT': 'out', 'dir.INTERNAL': 'internal',
    'quarantine.title': 'Quarantine', 'quarantine.id': 'Id', 'quarantine.source': 'Source', 'quarantine.reason': 'Reason',
    'quarantine.status': 'Status', 'quarantine.at': 'Quarantined', 'quarantine.key': 'Key', 'quarantine.reasons': 'All reasons',
    'quarantine.headers': 'Headers', 'quarantine.payload': 'Payload (edit, then replay)', 'quarantine.replay': 'Replay (edited)',
    'quarantine.discard': 'Discard', 'quarantine.discardReason': 'Reason for discarding (required, audited)',
    'quarantine.replayed': 'Replayed: {0}', 'quarantine.stillInvalid': 'Still invalid, nothing processed: {0}',
    'quarantine.discarded': 'Discarded', 'quarantine.notReplayable': 'No replay path for this source: discard it or have the source resend',
    'quarantine.openDispute': 'Open dispute {0}', 'quarantine.showAll': 'Show resolved', 'quarantine.masked': 'Payload masked (monitor role)',
    'qstatus.OPEN': 'Open', 'qstatus.REPLAYED': 'Replayed', 'qstatus.DISCARDED': 'Discarded',
    'deadlines.title': 'Deadlines (most urgent first)', 'deadlines.kind': 'Time limit', 'deadlines.ref': 'Reference',
    'deadlines.dispute': 'Dispute', 'deadlines.due': 'Due', 'deadlines.left': 'Left', 'deadlines.state': 'State',
    'kind.COURT_DELEGATION': 'Court delegation due', 'kind.COURT_APPLICATION': 'Judicial confirmation application',
    'kind.PETITION_ACK': 'Petition acknowledgement (受理告知)', 'kind.PETITION_CONCLUSION': 'Petition conclusion (办结)',
    'kind.GRID_HANDLING': 'Grid event handling', 'kind.ASSIGNMENT': 'Mediation assignment due',
    'dstate.OVERDUE': 'Overdue', 'dstate.DUE_TODAY': 'Due today', 'dstate.RUNNING': 'Running',
    'alerts.title': 'Open alerts', 'alerts.severity': 'Severity', 'alerts.code': 'Code', 'alerts.message': 'Message',
    'ew.title': 'Early warnings of mass disputes', 'ew.none': 'No early warnings', 'ew.OPEN': 'open',
    'ew.ACKNOWLEDGED': 'in hand', 'ew.rule': 'Rule', 'ew.rule.EMPLOYER': 'same employer',
    'ew.rule.TOWNSHIP_SURGE': 'township surge', 'ew.employer': 'Employer', 'ew.township': 'Township', 'ew.workers': 'Workers',
    'ew.disputes': 'Disputes', 'ew.sources': 'Channels', 'ew.raised': 'Raised', 'ew.updated': 'updated',
    'ew.webhook': 'Committee webhook', 'ew.category': 'Category', 'ew.region': 'Region', 'ew.reported': 'Reported',
    'ew.headCount': 'Head count', 'ew.refs': 'References',
    'indicators.title': 'Indicators', 'indicators.missing': 'The indicators API (/api/admin/indicators) is not available yet.',
    'indicators.from': 'From', 'indicators.to': 'to', 'indicators.query': 'Show', 'indicators.csv': 'Export CSV',
    'indicators.region': 'Banner / county / district', 'indicators.population': 'Population',
    'indicators.partOf': '(counted in {0})', 'indicators.period': 'Period: {0} to {1}',
    'indicators.formulas': 'Formulas', 'indicators.charts': 'By banner, county and district',
    'agency.police': 'Police 110', 'agency.legal-service': 'Justice bureau', 'agency.court': 'Courts', 'agency.petition': 'Petition office',
    'agency.grid': 'Grid platform', 'agency.womens-federation': "Women's federation", 'agency.trade-union': 'Trade union', 'agency.hub': 'Hub',
    'min': 'min', 'hour': 'h', 'day': 'd', 'ago': 'ago', 'overdueBy': 'overdue by {0}',
  },
};

/** A code's label (status.X, category.X …) or the code itself when there is none (English shows codes). */
export function label(prefix, code) {
  if (!code) return '';
  // no fallback to Chinese here: English shows the codes themselves
  return TEXTS[lang()][prefix + '.' + code] ?? code;
}

export function lang() {
  return localStorage.getItem('tj.lang') === 'en' ? 'en' : 'zh';
}

export function setLang(l) {
  localStorage.setItem('tj.lang', l);
}

/** Text for key in the current language; {0}, {1} … replaced by args. Unknown keys show themselves. */
export function t(key, ...args) {
  const s = TEXTS[lang()][key] ?? TEXTS.zh[key] ?? key;
  return s.replace(/\{(\d)\}/g, (_, i) => String(args[Number(i)] ?? ''));
}

/** Translates the static markup (elements with data-i18n). */
export function translateStatic(root = document) {
  document.documentElement.lang = lang() === 'en' ? 'en' : 'zh-CN';
  root.querySelectorAll('[data-i18n]').forEach(el => { el.textContent = t(el.dataset.i18n); });
}
