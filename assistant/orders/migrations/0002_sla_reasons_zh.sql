-- System escalations written before reasons were stored in Chinese ("first_response overdue"):
-- rewrite them as staff read them now and keep the machine-readable code in data.reasonCode.
UPDATE `order_events` SET
  `reason` = (CASE json_extract(`data`, '$.clock') WHEN 'first_response' THEN '首次响应' WHEN 'callback' THEN '回拨' WHEN 'resolution' THEN '办结' ELSE '办理' END)
    || (CASE WHEN json_extract(`data`, '$.escalatedTo') IS NULL THEN '超时，暂无主管可升级，请尽快处理'
        ELSE '超时，已升级至主管' || coalesce((SELECT `name` FROM `staff` WHERE `id` = json_extract(`order_events`.`data`, '$.escalatedTo')), '') END),
  `data` = json_set(`data`, '$.reasonCode', json_extract(`data`, '$.clock') || '_overdue')
WHERE `event` = 'escalate' AND `reason` LIKE '% overdue' AND `data` IS NOT NULL AND json_valid(`data`);
