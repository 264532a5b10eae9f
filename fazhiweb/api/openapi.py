"""Hand-written OpenAPI 3 description of the JSON API."""

from django.http import JsonResponse


def _err(desc):
    return {"description": desc, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


COMMON = {"401": _err("缺少或无效的令牌"), "403": _err("无权限"), "404": _err("未找到")}

SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "Fazhi 法治政府建设台账 API", "version": "1.0.0",
             "description": "令牌认证:请求头 `Authorization: Token <key>`。权限与网页相同。"},
    "components": {
        "securitySchemes": {"token": {"type": "apiKey", "in": "header", "name": "Authorization"}},
        "schemas": {
            "Error": {"type": "object", "properties": {"error": {"type": "string"}}},
            "Plan": {"type": "object", "properties": {
                "id": {"type": "integer"}, "title": {"type": "string"}, "year": {"type": "integer", "nullable": True},
                "status": {"type": "string", "enum": ["draft", "published"]},
                "default_deadline": {"type": "string", "format": "date", "nullable": True},
                "tasks": {"type": "integer"}}},
            "Report": {"type": "object", "properties": {
                "id": {"type": "integer"}, "assignment": {"type": "integer"},
                "version": {"type": "integer", "description": "该分工下的第几次报送"},
                "lock_version": {"type": "integer", "description": "乐观锁版本:审核时原样提交"},
                "status": {"type": "string", "enum": ["not_started", "in_progress", "done", "behind", "cannot_finish"]},
                "text": {"type": "string"}, "percent": {"type": "integer"},
                "state": {"type": "string", "enum": ["submitted", "accepted", "returned"]},
                "evidence": {"type": "array", "items": {"type": "object"}}}},
        },
    },
    "security": [{"token": []}],
    "paths": {
        "/api/token": {"post": {
            "summary": "用户名密码换取令牌", "security": [],
            "requestBody": {"content": {"application/json": {"schema": {"type": "object", "properties": {
                "username": {"type": "string"}, "password": {"type": "string"}}}}}},
            "responses": {"201": {"description": "令牌", "content": {"application/json": {"schema": {
                "type": "object", "properties": {"token": {"type": "string"}}}}}}, "401": _err("用户名或密码错误")}}},
        "/api/plans": {
            "get": {"summary": "本政府的计划列表", "responses": {"200": {"description": "计划"}, **COMMON}},
            "post": {"summary": "上传计划文件,生成草稿计划(管理员)",
                     "requestBody": {"content": {"multipart/form-data": {"schema": {"type": "object", "properties": {
                         "file": {"type": "string", "format": "binary"}}}}}},
                     "responses": {"201": {"description": "草稿计划", "content": {"application/json": {"schema": {
                         "$ref": "#/components/schemas/Plan"}}}}, "400": _err("文件无法解析"), **COMMON}}},
        "/api/plans/{id}/publish": {"post": {
            "summary": "发布计划,生成分工(管理员)",
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
            "responses": {"200": {"description": "已发布"}, "400": _err("有未确认的单位"), **COMMON}}},
        "/api/plans/{id}/tasks": {"get": {
            "summary": "计划的任务",
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
            "responses": {"200": {"description": "任务列表"}, **COMMON}}},
        "/api/assignments": {"get": {
            "summary": "分工列表(联络员只看到本单位的)", "responses": {"200": {"description": "分工"}, **COMMON}}},
        "/api/assignments/{id}/reports": {"post": {
            "summary": "报送进展(联络员,本单位分工)",
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}},
                           {"name": "Idempotency-Key", "in": "header", "schema": {"type": "string"}}],
            "requestBody": {"content": {"multipart/form-data": {"schema": {"type": "object", "properties": {
                "status": {"type": "string"}, "text": {"type": "string"}, "percent": {"type": "integer"},
                "reason": {"type": "string"}, "figure_0": {"type": "number"}, "token": {"type": "string"},
                "version": {"type": "integer", "description": "客户端所见的最新报送次数;已有更新的报送时返回 409"},
                "draft": {"type": "boolean", "description": "只保存草稿,不报送"},
                "milestones": {"type": "array", "items": {"type": "string"}, "description": "完成的时间节点(日期)"},
                "remove": {"type": "array", "items": {"type": "integer"}, "description": "不再沿用的上一版佐证材料 id"},
                "files": {"type": "array", "items": {"type": "string", "format": "binary"}}}}}}},
            "responses": {"201": {"description": "报告", "content": {"application/json": {"schema": {
                "$ref": "#/components/schemas/Report"}}}}, "400": _err("输入有误"),
                "409": _err("已被他人修改,请刷新后重试"), **COMMON}}},
        "/api/reports/{id}/review": {"post": {
            "summary": "审核报告(管理员):action=accept|return,退回须填 comment",
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
            "requestBody": {"content": {"application/json": {"schema": {"type": "object", "properties": {
                "action": {"type": "string", "enum": ["accept", "return"]}, "comment": {"type": "string"},
                "lock_version": {"type": "integer", "description": "报告的 lock_version;不一致时返回 409"}}}}}},
            "responses": {"200": {"description": "审核后的报告"}, "400": _err("输入有误"),
                          "409": _err("已被他人修改,请刷新后重试"), **COMMON}}},
        "/api/reports/{id}/withdraw": {"post": {
            "summary": "审核前撤回报告(联络员,本单位),撤回后为草稿",
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
            "responses": {"200": {"description": "撤回后的报告"}, "400": _err("当前状态不能撤回"),
                          "409": _err("已被他人修改,请刷新后重试"), **COMMON}}},
        "/api/audit": {"get": {
            "summary": "审计日志(管理员)",
            "parameters": [{"name": n, "in": "query", "schema": {"type": "string"}}
                           for n in ("action", "object_type", "object_id", "user", "since", "until")],
            "responses": {"200": {"description": "审计记录"}, **COMMON}}},
    },
}


def openapi(request):
    return JsonResponse(SPEC, json_dumps_params={"ensure_ascii": False})
