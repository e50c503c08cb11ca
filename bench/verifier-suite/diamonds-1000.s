ldxw %r2, [%r1+0]
mov %r0, 0
jeq %r2, 0, d0
add %r0, 1
d0:
jeq %r2, 1, d1
add %r0, 1
d1:
jeq %r2, 2, d2
add %r0, 1
d2:
jeq %r2, 3, d3
add %r0, 1
d3:
jeq %r2, 4, d4
add %r0, 1
d4:
jeq %r2, 5, d5
add %r0, 1
d5:
jeq %r2, 6, d6
add %r0, 1
d6:
jeq %r2, 7, d7
add %r0, 1
d7:
jeq %r2, 8, d8
add %r0, 1
d8:
jeq %r2, 9, d9
add %r0, 1
d9:
jeq %r2, 10, d10
add %r0, 1
d10:
jeq %r2, 11, d11
add %r0, 1
d11:
jeq %r2, 12, d12
add %r0, 1
d12:
jeq %r2, 13, d13
add %r0, 1
d13:
jeq %r2, 14, d14
add %r0, 1
d14:
jeq %r2, 15, d15
add %r0, 1
d15:
jeq %r2, 16, d16
add %r0, 1
d16:
jeq %r2, 17, d17
add %r0, 1
d17:
jeq %r2, 18, d18
add %r0, 1
d18:
jeq %r2, 19, d19
add %r0, 1
d19:
jeq %r2, 20, d20
add %r0, 1
d20:
jeq %r2, 21, d21
add %r0, 1
d21:
jeq %r2, 22, d22
add %r0, 1
d22:
jeq %r2, 23, d23
add %r0, 1
d23:
jeq %r2, 24, d24
add %r0, 1
d24:
jeq %r2, 25, d25
add %r0, 1
d25:
jeq %r2, 26, d26
add %r0, 1
d26:
jeq %r2, 27, d27
add %r0, 1
d27:
jeq %r2, 28, d28
add %r0, 1
d28:
jeq %r2, 29, d29
add %r0, 1
d29:
jeq %r2, 30, d30
add %r0, 1
d30:
jeq %r2, 31, d31
add %r0, 1
d31:
jeq %r2, 32, d32
add %r0, 1
d32:
jeq %r2, 33, d33
add %r0, 1
d33:
jeq %r2, 34, d34
add %r0, 1
d34:
jeq %r2, 35, d35
add %r0, 1
d35:
jeq %r2, 36, d36
add %r0, 1
d36:
jeq %r2, 37, d37
add %r0, 1
d37:
jeq %r2, 38, d38
add %r0, 1
d38:
jeq %r2, 39, d39
add %r0, 1
d39:
jeq %r2, 40, d40
add %r0, 1
d40:
jeq %r2, 41, d41
add %r0, 1
d41:
jeq %r2, 42, d42
add %r0, 1
d42:
jeq %r2, 43, d43
add %r0, 1
d43:
jeq %r2, 44, d44
add %r0, 1
d44:
jeq %r2, 45, d45
add %r0, 1
d45:
jeq %r2, 46, d46
add %r0, 1
d46:
jeq %r2, 47, d47
add %r0, 1
d47:
jeq %r2, 48, d48
add %r0, 1
d48:
jeq %r2, 49, d49
add %r0, 1
d49:
jeq %r2, 50, d50
add %r0, 1
d50:
jeq %r2, 51, d51
add %r0, 1
d51:
jeq %r2, 52, d52
add %r0, 1
d52:
jeq %r2, 53, d53
add %r0, 1
d53:
jeq %r2, 54, d54
add %r0, 1
d54:
jeq %r2, 55, d55
add %r0, 1
d55:
jeq %r2, 56, d56
add %r0, 1
d56:
jeq %r2, 57, d57
add %r0, 1
d57:
jeq %r2, 58, d58
add %r0, 1
d58:
jeq %r2, 59, d59
add %r0, 1
d59:
jeq %r2, 60, d60
add %r0, 1
d60:
jeq %r2, 61, d61
add %r0, 1
d61:
jeq %r2, 62, d62
add %r0, 1
d62:
jeq %r2, 63, d63
add %r0, 1
d63:
jeq %r2, 64, d64
add %r0, 1
d64:
jeq %r2, 65, d65
add %r0, 1
d65:
jeq %r2, 66, d66
add %r0, 1
d66:
jeq %r2, 67, d67
add %r0, 1
d67:
jeq %r2, 68, d68
add %r0, 1
d68:
jeq %r2, 69, d69
add %r0, 1
d69:
jeq %r2, 70, d70
add %r0, 1
d70:
jeq %r2, 71, d71
add %r0, 1
d71:
jeq %r2, 72, d72
add %r0, 1
d72:
jeq %r2, 73, d73
add %r0, 1
d73:
jeq %r2, 74, d74
add %r0, 1
d74:
jeq %r2, 75, d75
add %r0, 1
d75:
jeq %r2, 76, d76
add %r0, 1
d76:
jeq %r2, 77, d77
add %r0, 1
d77:
jeq %r2, 78, d78
add %r0, 1
d78:
jeq %r2, 79, d79
add %r0, 1
d79:
jeq %r2, 80, d80
add %r0, 1
d80:
jeq %r2, 81, d81
add %r0, 1
d81:
jeq %r2, 82, d82
add %r0, 1
d82:
jeq %r2, 83, d83
add %r0, 1
d83:
jeq %r2, 84, d84
add %r0, 1
d84:
jeq %r2, 85, d85
add %r0, 1
d85:
jeq %r2, 86, d86
add %r0, 1
d86:
jeq %r2, 87, d87
add %r0, 1
d87:
jeq %r2, 88, d88
add %r0, 1
d88:
jeq %r2, 89, d89
add %r0, 1
d89:
jeq %r2, 90, d90
add %r0, 1
d90:
jeq %r2, 91, d91
add %r0, 1
d91:
jeq %r2, 92, d92
add %r0, 1
d92:
jeq %r2, 93, d93
add %r0, 1
d93:
jeq %r2, 94, d94
add %r0, 1
d94:
jeq %r2, 95, d95
add %r0, 1
d95:
jeq %r2, 96, d96
add %r0, 1
d96:
jeq %r2, 97, d97
add %r0, 1
d97:
jeq %r2, 98, d98
add %r0, 1
d98:
jeq %r2, 99, d99
add %r0, 1
d99:
jeq %r2, 100, d100
add %r0, 1
d100:
jeq %r2, 101, d101
add %r0, 1
d101:
jeq %r2, 102, d102
add %r0, 1
d102:
jeq %r2, 103, d103
add %r0, 1
d103:
jeq %r2, 104, d104
add %r0, 1
d104:
jeq %r2, 105, d105
add %r0, 1
d105:
jeq %r2, 106, d106
add %r0, 1
d106:
jeq %r2, 107, d107
add %r0, 1
d107:
jeq %r2, 108, d108
add %r0, 1
d108:
jeq %r2, 109, d109
add %r0, 1
d109:
jeq %r2, 110, d110
add %r0, 1
d110:
jeq %r2, 111, d111
add %r0, 1
d111:
jeq %r2, 112, d112
add %r0, 1
d112:
jeq %r2, 113, d113
add %r0, 1
d113:
jeq %r2, 114, d114
add %r0, 1
d114:
jeq %r2, 115, d115
add %r0, 1
d115:
jeq %r2, 116, d116
add %r0, 1
d116:
jeq %r2, 117, d117
add %r0, 1
d117:
jeq %r2, 118, d118
add %r0, 1
d118:
jeq %r2, 119, d119
add %r0, 1
d119:
jeq %r2, 120, d120
add %r0, 1
d120:
jeq %r2, 121, d121
add %r0, 1
d121:
jeq %r2, 122, d122
add %r0, 1
d122:
jeq %r2, 123, d123
add %r0, 1
d123:
jeq %r2, 124, d124
add %r0, 1
d124:
jeq %r2, 125, d125
add %r0, 1
d125:
jeq %r2, 126, d126
add %r0, 1
d126:
jeq %r2, 127, d127
add %r0, 1
d127:
jeq %r2, 128, d128
add %r0, 1
d128:
jeq %r2, 129, d129
add %r0, 1
d129:
jeq %r2, 130, d130
add %r0, 1
d130:
jeq %r2, 131, d131
add %r0, 1
d131:
jeq %r2, 132, d132
add %r0, 1
d132:
jeq %r2, 133, d133
add %r0, 1
d133:
jeq %r2, 134, d134
add %r0, 1
d134:
jeq %r2, 135, d135
add %r0, 1
d135:
jeq %r2, 136, d136
add %r0, 1
d136:
jeq %r2, 137, d137
add %r0, 1
d137:
jeq %r2, 138, d138
add %r0, 1
d138:
jeq %r2, 139, d139
add %r0, 1
d139:
jeq %r2, 140, d140
add %r0, 1
d140:
jeq %r2, 141, d141
add %r0, 1
d141:
jeq %r2, 142, d142
add %r0, 1
d142:
jeq %r2, 143, d143
add %r0, 1
d143:
jeq %r2, 144, d144
add %r0, 1
d144:
jeq %r2, 145, d145
add %r0, 1
d145:
jeq %r2, 146, d146
add %r0, 1
d146:
jeq %r2, 147, d147
add %r0, 1
d147:
jeq %r2, 148, d148
add %r0, 1
d148:
jeq %r2, 149, d149
add %r0, 1
d149:
jeq %r2, 150, d150
add %r0, 1
d150:
jeq %r2, 151, d151
add %r0, 1
d151:
jeq %r2, 152, d152
add %r0, 1
d152:
jeq %r2, 153, d153
add %r0, 1
d153:
jeq %r2, 154, d154
add %r0, 1
d154:
jeq %r2, 155, d155
add %r0, 1
d155:
jeq %r2, 156, d156
add %r0, 1
d156:
jeq %r2, 157, d157
add %r0, 1
d157:
jeq %r2, 158, d158
add %r0, 1
d158:
jeq %r2, 159, d159
add %r0, 1
d159:
jeq %r2, 160, d160
add %r0, 1
d160:
jeq %r2, 161, d161
add %r0, 1
d161:
jeq %r2, 162, d162
add %r0, 1
d162:
jeq %r2, 163, d163
add %r0, 1
d163:
jeq %r2, 164, d164
add %r0, 1
d164:
jeq %r2, 165, d165
add %r0, 1
d165:
jeq %r2, 166, d166
add %r0, 1
d166:
jeq %r2, 167, d167
add %r0, 1
d167:
jeq %r2, 168, d168
add %r0, 1
d168:
jeq %r2, 169, d169
add %r0, 1
d169:
jeq %r2, 170, d170
add %r0, 1
d170:
jeq %r2, 171, d171
add %r0, 1
d171:
jeq %r2, 172, d172
add %r0, 1
d172:
jeq %r2, 173, d173
add %r0, 1
d173:
jeq %r2, 174, d174
add %r0, 1
d174:
jeq %r2, 175, d175
add %r0, 1
d175:
jeq %r2, 176, d176
add %r0, 1
d176:
jeq %r2, 177, d177
add %r0, 1
d177:
jeq %r2, 178, d178
add %r0, 1
d178:
jeq %r2, 179, d179
add %r0, 1
d179:
jeq %r2, 180, d180
add %r0, 1
d180:
jeq %r2, 181, d181
add %r0, 1
d181:
jeq %r2, 182, d182
add %r0, 1
d182:
jeq %r2, 183, d183
add %r0, 1
d183:
jeq %r2, 184, d184
add %r0, 1
d184:
jeq %r2, 185, d185
add %r0, 1
d185:
jeq %r2, 186, d186
add %r0, 1
d186:
jeq %r2, 187, d187
add %r0, 1
d187:
jeq %r2, 188, d188
add %r0, 1
d188:
jeq %r2, 189, d189
add %r0, 1
d189:
jeq %r2, 190, d190
add %r0, 1
d190:
jeq %r2, 191, d191
add %r0, 1
d191:
jeq %r2, 192, d192
add %r0, 1
d192:
jeq %r2, 193, d193
add %r0, 1
d193:
jeq %r2, 194, d194
add %r0, 1
d194:
jeq %r2, 195, d195
add %r0, 1
d195:
jeq %r2, 196, d196
add %r0, 1
d196:
jeq %r2, 197, d197
add %r0, 1
d197:
jeq %r2, 198, d198
add %r0, 1
d198:
jeq %r2, 199, d199
add %r0, 1
d199:
jeq %r2, 200, d200
add %r0, 1
d200:
jeq %r2, 201, d201
add %r0, 1
d201:
jeq %r2, 202, d202
add %r0, 1
d202:
jeq %r2, 203, d203
add %r0, 1
d203:
jeq %r2, 204, d204
add %r0, 1
d204:
jeq %r2, 205, d205
add %r0, 1
d205:
jeq %r2, 206, d206
add %r0, 1
d206:
jeq %r2, 207, d207
add %r0, 1
d207:
jeq %r2, 208, d208
add %r0, 1
d208:
jeq %r2, 209, d209
add %r0, 1
d209:
jeq %r2, 210, d210
add %r0, 1
d210:
jeq %r2, 211, d211
add %r0, 1
d211:
jeq %r2, 212, d212
add %r0, 1
d212:
jeq %r2, 213, d213
add %r0, 1
d213:
jeq %r2, 214, d214
add %r0, 1
d214:
jeq %r2, 215, d215
add %r0, 1
d215:
jeq %r2, 216, d216
add %r0, 1
d216:
jeq %r2, 217, d217
add %r0, 1
d217:
jeq %r2, 218, d218
add %r0, 1
d218:
jeq %r2, 219, d219
add %r0, 1
d219:
jeq %r2, 220, d220
add %r0, 1
d220:
jeq %r2, 221, d221
add %r0, 1
d221:
jeq %r2, 222, d222
add %r0, 1
d222:
jeq %r2, 223, d223
add %r0, 1
d223:
jeq %r2, 224, d224
add %r0, 1
d224:
jeq %r2, 225, d225
add %r0, 1
d225:
jeq %r2, 226, d226
add %r0, 1
d226:
jeq %r2, 227, d227
add %r0, 1
d227:
jeq %r2, 228, d228
add %r0, 1
d228:
jeq %r2, 229, d229
add %r0, 1
d229:
jeq %r2, 230, d230
add %r0, 1
d230:
jeq %r2, 231, d231
add %r0, 1
d231:
jeq %r2, 232, d232
add %r0, 1
d232:
jeq %r2, 233, d233
add %r0, 1
d233:
jeq %r2, 234, d234
add %r0, 1
d234:
jeq %r2, 235, d235
add %r0, 1
d235:
jeq %r2, 236, d236
add %r0, 1
d236:
jeq %r2, 237, d237
add %r0, 1
d237:
jeq %r2, 238, d238
add %r0, 1
d238:
jeq %r2, 239, d239
add %r0, 1
d239:
jeq %r2, 240, d240
add %r0, 1
d240:
jeq %r2, 241, d241
add %r0, 1
d241:
jeq %r2, 242, d242
add %r0, 1
d242:
jeq %r2, 243, d243
add %r0, 1
d243:
jeq %r2, 244, d244
add %r0, 1
d244:
jeq %r2, 245, d245
add %r0, 1
d245:
jeq %r2, 246, d246
add %r0, 1
d246:
jeq %r2, 247, d247
add %r0, 1
d247:
jeq %r2, 248, d248
add %r0, 1
d248:
jeq %r2, 249, d249
add %r0, 1
d249:
jeq %r2, 250, d250
add %r0, 1
d250:
jeq %r2, 251, d251
add %r0, 1
d251:
jeq %r2, 252, d252
add %r0, 1
d252:
jeq %r2, 253, d253
add %r0, 1
d253:
jeq %r2, 254, d254
add %r0, 1
d254:
jeq %r2, 255, d255
add %r0, 1
d255:
jeq %r2, 256, d256
add %r0, 1
d256:
jeq %r2, 257, d257
add %r0, 1
d257:
jeq %r2, 258, d258
add %r0, 1
d258:
jeq %r2, 259, d259
add %r0, 1
d259:
jeq %r2, 260, d260
add %r0, 1
d260:
jeq %r2, 261, d261
add %r0, 1
d261:
jeq %r2, 262, d262
add %r0, 1
d262:
jeq %r2, 263, d263
add %r0, 1
d263:
jeq %r2, 264, d264
add %r0, 1
d264:
jeq %r2, 265, d265
add %r0, 1
d265:
jeq %r2, 266, d266
add %r0, 1
d266:
jeq %r2, 267, d267
add %r0, 1
d267:
jeq %r2, 268, d268
add %r0, 1
d268:
jeq %r2, 269, d269
add %r0, 1
d269:
jeq %r2, 270, d270
add %r0, 1
d270:
jeq %r2, 271, d271
add %r0, 1
d271:
jeq %r2, 272, d272
add %r0, 1
d272:
jeq %r2, 273, d273
add %r0, 1
d273:
jeq %r2, 274, d274
add %r0, 1
d274:
jeq %r2, 275, d275
add %r0, 1
d275:
jeq %r2, 276, d276
add %r0, 1
d276:
jeq %r2, 277, d277
add %r0, 1
d277:
jeq %r2, 278, d278
add %r0, 1
d278:
jeq %r2, 279, d279
add %r0, 1
d279:
jeq %r2, 280, d280
add %r0, 1
d280:
jeq %r2, 281, d281
add %r0, 1
d281:
jeq %r2, 282, d282
add %r0, 1
d282:
jeq %r2, 283, d283
add %r0, 1
d283:
jeq %r2, 284, d284
add %r0, 1
d284:
jeq %r2, 285, d285
add %r0, 1
d285:
jeq %r2, 286, d286
add %r0, 1
d286:
jeq %r2, 287, d287
add %r0, 1
d287:
jeq %r2, 288, d288
add %r0, 1
d288:
jeq %r2, 289, d289
add %r0, 1
d289:
jeq %r2, 290, d290
add %r0, 1
d290:
jeq %r2, 291, d291
add %r0, 1
d291:
jeq %r2, 292, d292
add %r0, 1
d292:
jeq %r2, 293, d293
add %r0, 1
d293:
jeq %r2, 294, d294
add %r0, 1
d294:
jeq %r2, 295, d295
add %r0, 1
d295:
jeq %r2, 296, d296
add %r0, 1
d296:
jeq %r2, 297, d297
add %r0, 1
d297:
jeq %r2, 298, d298
add %r0, 1
d298:
jeq %r2, 299, d299
add %r0, 1
d299:
jeq %r2, 300, d300
add %r0, 1
d300:
jeq %r2, 301, d301
add %r0, 1
d301:
jeq %r2, 302, d302
add %r0, 1
d302:
jeq %r2, 303, d303
add %r0, 1
d303:
jeq %r2, 304, d304
add %r0, 1
d304:
jeq %r2, 305, d305
add %r0, 1
d305:
jeq %r2, 306, d306
add %r0, 1
d306:
jeq %r2, 307, d307
add %r0, 1
d307:
jeq %r2, 308, d308
add %r0, 1
d308:
jeq %r2, 309, d309
add %r0, 1
d309:
jeq %r2, 310, d310
add %r0, 1
d310:
jeq %r2, 311, d311
add %r0, 1
d311:
jeq %r2, 312, d312
add %r0, 1
d312:
jeq %r2, 313, d313
add %r0, 1
d313:
jeq %r2, 314, d314
add %r0, 1
d314:
jeq %r2, 315, d315
add %r0, 1
d315:
jeq %r2, 316, d316
add %r0, 1
d316:
jeq %r2, 317, d317
add %r0, 1
d317:
jeq %r2, 318, d318
add %r0, 1
d318:
jeq %r2, 319, d319
add %r0, 1
d319:
jeq %r2, 320, d320
add %r0, 1
d320:
jeq %r2, 321, d321
add %r0, 1
d321:
jeq %r2, 322, d322
add %r0, 1
d322:
jeq %r2, 323, d323
add %r0, 1
d323:
jeq %r2, 324, d324
add %r0, 1
d324:
jeq %r2, 325, d325
add %r0, 1
d325:
jeq %r2, 326, d326
add %r0, 1
d326:
jeq %r2, 327, d327
add %r0, 1
d327:
jeq %r2, 328, d328
add %r0, 1
d328:
jeq %r2, 329, d329
add %r0, 1
d329:
jeq %r2, 330, d330
add %r0, 1
d330:
jeq %r2, 331, d331
add %r0, 1
d331:
jeq %r2, 332, d332
add %r0, 1
d332:
jeq %r2, 333, d333
add %r0, 1
d333:
jeq %r2, 334, d334
add %r0, 1
d334:
jeq %r2, 335, d335
add %r0, 1
d335:
jeq %r2, 336, d336
add %r0, 1
d336:
jeq %r2, 337, d337
add %r0, 1
d337:
jeq %r2, 338, d338
add %r0, 1
d338:
jeq %r2, 339, d339
add %r0, 1
d339:
jeq %r2, 340, d340
add %r0, 1
d340:
jeq %r2, 341, d341
add %r0, 1
d341:
jeq %r2, 342, d342
add %r0, 1
d342:
jeq %r2, 343, d343
add %r0, 1
d343:
jeq %r2, 344, d344
add %r0, 1
d344:
jeq %r2, 345, d345
add %r0, 1
d345:
jeq %r2, 346, d346
add %r0, 1
d346:
jeq %r2, 347, d347
add %r0, 1
d347:
jeq %r2, 348, d348
add %r0, 1
d348:
jeq %r2, 349, d349
add %r0, 1
d349:
jeq %r2, 350, d350
add %r0, 1
d350:
jeq %r2, 351, d351
add %r0, 1
d351:
jeq %r2, 352, d352
add %r0, 1
d352:
jeq %r2, 353, d353
add %r0, 1
d353:
jeq %r2, 354, d354
add %r0, 1
d354:
jeq %r2, 355, d355
add %r0, 1
d355:
jeq %r2, 356, d356
add %r0, 1
d356:
jeq %r2, 357, d357
add %r0, 1
d357:
jeq %r2, 358, d358
add %r0, 1
d358:
jeq %r2, 359, d359
add %r0, 1
d359:
jeq %r2, 360, d360
add %r0, 1
d360:
jeq %r2, 361, d361
add %r0, 1
d361:
jeq %r2, 362, d362
add %r0, 1
d362:
jeq %r2, 363, d363
add %r0, 1
d363:
jeq %r2, 364, d364
add %r0, 1
d364:
jeq %r2, 365, d365
add %r0, 1
d365:
jeq %r2, 366, d366
add %r0, 1
d366:
jeq %r2, 367, d367
add %r0, 1
d367:
jeq %r2, 368, d368
add %r0, 1
d368:
jeq %r2, 369, d369
add %r0, 1
d369:
jeq %r2, 370, d370
add %r0, 1
d370:
jeq %r2, 371, d371
add %r0, 1
d371:
jeq %r2, 372, d372
add %r0, 1
d372:
jeq %r2, 373, d373
add %r0, 1
d373:
jeq %r2, 374, d374
add %r0, 1
d374:
jeq %r2, 375, d375
add %r0, 1
d375:
jeq %r2, 376, d376
add %r0, 1
d376:
jeq %r2, 377, d377
add %r0, 1
d377:
jeq %r2, 378, d378
add %r0, 1
d378:
jeq %r2, 379, d379
add %r0, 1
d379:
jeq %r2, 380, d380
add %r0, 1
d380:
jeq %r2, 381, d381
add %r0, 1
d381:
jeq %r2, 382, d382
add %r0, 1
d382:
jeq %r2, 383, d383
add %r0, 1
d383:
jeq %r2, 384, d384
add %r0, 1
d384:
jeq %r2, 385, d385
add %r0, 1
d385:
jeq %r2, 386, d386
add %r0, 1
d386:
jeq %r2, 387, d387
add %r0, 1
d387:
jeq %r2, 388, d388
add %r0, 1
d388:
jeq %r2, 389, d389
add %r0, 1
d389:
jeq %r2, 390, d390
add %r0, 1
d390:
jeq %r2, 391, d391
add %r0, 1
d391:
jeq %r2, 392, d392
add %r0, 1
d392:
jeq %r2, 393, d393
add %r0, 1
d393:
jeq %r2, 394, d394
add %r0, 1
d394:
jeq %r2, 395, d395
add %r0, 1
d395:
jeq %r2, 396, d396
add %r0, 1
d396:
jeq %r2, 397, d397
add %r0, 1
d397:
jeq %r2, 398, d398
add %r0, 1
d398:
jeq %r2, 399, d399
add %r0, 1
d399:
jeq %r2, 400, d400
add %r0, 1
d400:
jeq %r2, 401, d401
add %r0, 1
d401:
jeq %r2, 402, d402
add %r0, 1
d402:
jeq %r2, 403, d403
add %r0, 1
d403:
jeq %r2, 404, d404
add %r0, 1
d404:
jeq %r2, 405, d405
add %r0, 1
d405:
jeq %r2, 406, d406
add %r0, 1
d406:
jeq %r2, 407, d407
add %r0, 1
d407:
jeq %r2, 408, d408
add %r0, 1
d408:
jeq %r2, 409, d409
add %r0, 1
d409:
jeq %r2, 410, d410
add %r0, 1
d410:
jeq %r2, 411, d411
add %r0, 1
d411:
jeq %r2, 412, d412
add %r0, 1
d412:
jeq %r2, 413, d413
add %r0, 1
d413:
jeq %r2, 414, d414
add %r0, 1
d414:
jeq %r2, 415, d415
add %r0, 1
d415:
jeq %r2, 416, d416
add %r0, 1
d416:
jeq %r2, 417, d417
add %r0, 1
d417:
jeq %r2, 418, d418
add %r0, 1
d418:
jeq %r2, 419, d419
add %r0, 1
d419:
jeq %r2, 420, d420
add %r0, 1
d420:
jeq %r2, 421, d421
add %r0, 1
d421:
jeq %r2, 422, d422
add %r0, 1
d422:
jeq %r2, 423, d423
add %r0, 1
d423:
jeq %r2, 424, d424
add %r0, 1
d424:
jeq %r2, 425, d425
add %r0, 1
d425:
jeq %r2, 426, d426
add %r0, 1
d426:
jeq %r2, 427, d427
add %r0, 1
d427:
jeq %r2, 428, d428
add %r0, 1
d428:
jeq %r2, 429, d429
add %r0, 1
d429:
jeq %r2, 430, d430
add %r0, 1
d430:
jeq %r2, 431, d431
add %r0, 1
d431:
jeq %r2, 432, d432
add %r0, 1
d432:
jeq %r2, 433, d433
add %r0, 1
d433:
jeq %r2, 434, d434
add %r0, 1
d434:
jeq %r2, 435, d435
add %r0, 1
d435:
jeq %r2, 436, d436
add %r0, 1
d436:
jeq %r2, 437, d437
add %r0, 1
d437:
jeq %r2, 438, d438
add %r0, 1
d438:
jeq %r2, 439, d439
add %r0, 1
d439:
jeq %r2, 440, d440
add %r0, 1
d440:
jeq %r2, 441, d441
add %r0, 1
d441:
jeq %r2, 442, d442
add %r0, 1
d442:
jeq %r2, 443, d443
add %r0, 1
d443:
jeq %r2, 444, d444
add %r0, 1
d444:
jeq %r2, 445, d445
add %r0, 1
d445:
jeq %r2, 446, d446
add %r0, 1
d446:
jeq %r2, 447, d447
add %r0, 1
d447:
jeq %r2, 448, d448
add %r0, 1
d448:
jeq %r2, 449, d449
add %r0, 1
d449:
jeq %r2, 450, d450
add %r0, 1
d450:
jeq %r2, 451, d451
add %r0, 1
d451:
jeq %r2, 452, d452
add %r0, 1
d452:
jeq %r2, 453, d453
add %r0, 1
d453:
jeq %r2, 454, d454
add %r0, 1
d454:
jeq %r2, 455, d455
add %r0, 1
d455:
jeq %r2, 456, d456
add %r0, 1
d456:
jeq %r2, 457, d457
add %r0, 1
d457:
jeq %r2, 458, d458
add %r0, 1
d458:
jeq %r2, 459, d459
add %r0, 1
d459:
jeq %r2, 460, d460
add %r0, 1
d460:
jeq %r2, 461, d461
add %r0, 1
d461:
jeq %r2, 462, d462
add %r0, 1
d462:
jeq %r2, 463, d463
add %r0, 1
d463:
jeq %r2, 464, d464
add %r0, 1
d464:
jeq %r2, 465, d465
add %r0, 1
d465:
jeq %r2, 466, d466
add %r0, 1
d466:
jeq %r2, 467, d467
add %r0, 1
d467:
jeq %r2, 468, d468
add %r0, 1
d468:
jeq %r2, 469, d469
add %r0, 1
d469:
jeq %r2, 470, d470
add %r0, 1
d470:
jeq %r2, 471, d471
add %r0, 1
d471:
jeq %r2, 472, d472
add %r0, 1
d472:
jeq %r2, 473, d473
add %r0, 1
d473:
jeq %r2, 474, d474
add %r0, 1
d474:
jeq %r2, 475, d475
add %r0, 1
d475:
jeq %r2, 476, d476
add %r0, 1
d476:
jeq %r2, 477, d477
add %r0, 1
d477:
jeq %r2, 478, d478
add %r0, 1
d478:
jeq %r2, 479, d479
add %r0, 1
d479:
jeq %r2, 480, d480
add %r0, 1
d480:
jeq %r2, 481, d481
add %r0, 1
d481:
jeq %r2, 482, d482
add %r0, 1
d482:
jeq %r2, 483, d483
add %r0, 1
d483:
jeq %r2, 484, d484
add %r0, 1
d484:
jeq %r2, 485, d485
add %r0, 1
d485:
jeq %r2, 486, d486
add %r0, 1
d486:
jeq %r2, 487, d487
add %r0, 1
d487:
jeq %r2, 488, d488
add %r0, 1
d488:
jeq %r2, 489, d489
add %r0, 1
d489:
jeq %r2, 490, d490
add %r0, 1
d490:
jeq %r2, 491, d491
add %r0, 1
d491:
jeq %r2, 492, d492
add %r0, 1
d492:
jeq %r2, 493, d493
add %r0, 1
d493:
jeq %r2, 494, d494
add %r0, 1
d494:
jeq %r2, 495, d495
add %r0, 1
d495:
jeq %r2, 496, d496
add %r0, 1
d496:
jeq %r2, 497, d497
add %r0, 1
d497:
jeq %r2, 498, d498
add %r0, 1
d498:
jeq %r2, 499, d499
add %r0, 1
d499:
jeq %r2, 500, d500
add %r0, 1
d500:
jeq %r2, 501, d501
add %r0, 1
d501:
jeq %r2, 502, d502
add %r0, 1
d502:
jeq %r2, 503, d503
add %r0, 1
d503:
jeq %r2, 504, d504
add %r0, 1
d504:
jeq %r2, 505, d505
add %r0, 1
d505:
jeq %r2, 506, d506
add %r0, 1
d506:
jeq %r2, 507, d507
add %r0, 1
d507:
jeq %r2, 508, d508
add %r0, 1
d508:
jeq %r2, 509, d509
add %r0, 1
d509:
jeq %r2, 510, d510
add %r0, 1
d510:
jeq %r2, 511, d511
add %r0, 1
d511:
jeq %r2, 512, d512
add %r0, 1
d512:
jeq %r2, 513, d513
add %r0, 1
d513:
jeq %r2, 514, d514
add %r0, 1
d514:
jeq %r2, 515, d515
add %r0, 1
d515:
jeq %r2, 516, d516
add %r0, 1
d516:
jeq %r2, 517, d517
add %r0, 1
d517:
jeq %r2, 518, d518
add %r0, 1
d518:
jeq %r2, 519, d519
add %r0, 1
d519:
jeq %r2, 520, d520
add %r0, 1
d520:
jeq %r2, 521, d521
add %r0, 1
d521:
jeq %r2, 522, d522
add %r0, 1
d522:
jeq %r2, 523, d523
add %r0, 1
d523:
jeq %r2, 524, d524
add %r0, 1
d524:
jeq %r2, 525, d525
add %r0, 1
d525:
jeq %r2, 526, d526
add %r0, 1
d526:
jeq %r2, 527, d527
add %r0, 1
d527:
jeq %r2, 528, d528
add %r0, 1
d528:
jeq %r2, 529, d529
add %r0, 1
d529:
jeq %r2, 530, d530
add %r0, 1
d530:
jeq %r2, 531, d531
add %r0, 1
d531:
jeq %r2, 532, d532
add %r0, 1
d532:
jeq %r2, 533, d533
add %r0, 1
d533:
jeq %r2, 534, d534
add %r0, 1
d534:
jeq %r2, 535, d535
add %r0, 1
d535:
jeq %r2, 536, d536
add %r0, 1
d536:
jeq %r2, 537, d537
add %r0, 1
d537:
jeq %r2, 538, d538
add %r0, 1
d538:
jeq %r2, 539, d539
add %r0, 1
d539:
jeq %r2, 540, d540
add %r0, 1
d540:
jeq %r2, 541, d541
add %r0, 1
d541:
jeq %r2, 542, d542
add %r0, 1
d542:
jeq %r2, 543, d543
add %r0, 1
d543:
jeq %r2, 544, d544
add %r0, 1
d544:
jeq %r2, 545, d545
add %r0, 1
d545:
jeq %r2, 546, d546
add %r0, 1
d546:
jeq %r2, 547, d547
add %r0, 1
d547:
jeq %r2, 548, d548
add %r0, 1
d548:
jeq %r2, 549, d549
add %r0, 1
d549:
jeq %r2, 550, d550
add %r0, 1
d550:
jeq %r2, 551, d551
add %r0, 1
d551:
jeq %r2, 552, d552
add %r0, 1
d552:
jeq %r2, 553, d553
add %r0, 1
d553:
jeq %r2, 554, d554
add %r0, 1
d554:
jeq %r2, 555, d555
add %r0, 1
d555:
jeq %r2, 556, d556
add %r0, 1
d556:
jeq %r2, 557, d557
add %r0, 1
d557:
jeq %r2, 558, d558
add %r0, 1
d558:
jeq %r2, 559, d559
add %r0, 1
d559:
jeq %r2, 560, d560
add %r0, 1
d560:
jeq %r2, 561, d561
add %r0, 1
d561:
jeq %r2, 562, d562
add %r0, 1
d562:
jeq %r2, 563, d563
add %r0, 1
d563:
jeq %r2, 564, d564
add %r0, 1
d564:
jeq %r2, 565, d565
add %r0, 1
d565:
jeq %r2, 566, d566
add %r0, 1
d566:
jeq %r2, 567, d567
add %r0, 1
d567:
jeq %r2, 568, d568
add %r0, 1
d568:
jeq %r2, 569, d569
add %r0, 1
d569:
jeq %r2, 570, d570
add %r0, 1
d570:
jeq %r2, 571, d571
add %r0, 1
d571:
jeq %r2, 572, d572
add %r0, 1
d572:
jeq %r2, 573, d573
add %r0, 1
d573:
jeq %r2, 574, d574
add %r0, 1
d574:
jeq %r2, 575, d575
add %r0, 1
d575:
jeq %r2, 576, d576
add %r0, 1
d576:
jeq %r2, 577, d577
add %r0, 1
d577:
jeq %r2, 578, d578
add %r0, 1
d578:
jeq %r2, 579, d579
add %r0, 1
d579:
jeq %r2, 580, d580
add %r0, 1
d580:
jeq %r2, 581, d581
add %r0, 1
d581:
jeq %r2, 582, d582
add %r0, 1
d582:
jeq %r2, 583, d583
add %r0, 1
d583:
jeq %r2, 584, d584
add %r0, 1
d584:
jeq %r2, 585, d585
add %r0, 1
d585:
jeq %r2, 586, d586
add %r0, 1
d586:
jeq %r2, 587, d587
add %r0, 1
d587:
jeq %r2, 588, d588
add %r0, 1
d588:
jeq %r2, 589, d589
add %r0, 1
d589:
jeq %r2, 590, d590
add %r0, 1
d590:
jeq %r2, 591, d591
add %r0, 1
d591:
jeq %r2, 592, d592
add %r0, 1
d592:
jeq %r2, 593, d593
add %r0, 1
d593:
jeq %r2, 594, d594
add %r0, 1
d594:
jeq %r2, 595, d595
add %r0, 1
d595:
jeq %r2, 596, d596
add %r0, 1
d596:
jeq %r2, 597, d597
add %r0, 1
d597:
jeq %r2, 598, d598
add %r0, 1
d598:
jeq %r2, 599, d599
add %r0, 1
d599:
jeq %r2, 600, d600
add %r0, 1
d600:
jeq %r2, 601, d601
add %r0, 1
d601:
jeq %r2, 602, d602
add %r0, 1
d602:
jeq %r2, 603, d603
add %r0, 1
d603:
jeq %r2, 604, d604
add %r0, 1
d604:
jeq %r2, 605, d605
add %r0, 1
d605:
jeq %r2, 606, d606
add %r0, 1
d606:
jeq %r2, 607, d607
add %r0, 1
d607:
jeq %r2, 608, d608
add %r0, 1
d608:
jeq %r2, 609, d609
add %r0, 1
d609:
jeq %r2, 610, d610
add %r0, 1
d610:
jeq %r2, 611, d611
add %r0, 1
d611:
jeq %r2, 612, d612
add %r0, 1
d612:
jeq %r2, 613, d613
add %r0, 1
d613:
jeq %r2, 614, d614
add %r0, 1
d614:
jeq %r2, 615, d615
add %r0, 1
d615:
jeq %r2, 616, d616
add %r0, 1
d616:
jeq %r2, 617, d617
add %r0, 1
d617:
jeq %r2, 618, d618
add %r0, 1
d618:
jeq %r2, 619, d619
add %r0, 1
d619:
jeq %r2, 620, d620
add %r0, 1
d620:
jeq %r2, 621, d621
add %r0, 1
d621:
jeq %r2, 622, d622
add %r0, 1
d622:
jeq %r2, 623, d623
add %r0, 1
d623:
jeq %r2, 624, d624
add %r0, 1
d624:
jeq %r2, 625, d625
add %r0, 1
d625:
jeq %r2, 626, d626
add %r0, 1
d626:
jeq %r2, 627, d627
add %r0, 1
d627:
jeq %r2, 628, d628
add %r0, 1
d628:
jeq %r2, 629, d629
add %r0, 1
d629:
jeq %r2, 630, d630
add %r0, 1
d630:
jeq %r2, 631, d631
add %r0, 1
d631:
jeq %r2, 632, d632
add %r0, 1
d632:
jeq %r2, 633, d633
add %r0, 1
d633:
jeq %r2, 634, d634
add %r0, 1
d634:
jeq %r2, 635, d635
add %r0, 1
d635:
jeq %r2, 636, d636
add %r0, 1
d636:
jeq %r2, 637, d637
add %r0, 1
d637:
jeq %r2, 638, d638
add %r0, 1
d638:
jeq %r2, 639, d639
add %r0, 1
d639:
jeq %r2, 640, d640
add %r0, 1
d640:
jeq %r2, 641, d641
add %r0, 1
d641:
jeq %r2, 642, d642
add %r0, 1
d642:
jeq %r2, 643, d643
add %r0, 1
d643:
jeq %r2, 644, d644
add %r0, 1
d644:
jeq %r2, 645, d645
add %r0, 1
d645:
jeq %r2, 646, d646
add %r0, 1
d646:
jeq %r2, 647, d647
add %r0, 1
d647:
jeq %r2, 648, d648
add %r0, 1
d648:
jeq %r2, 649, d649
add %r0, 1
d649:
jeq %r2, 650, d650
add %r0, 1
d650:
jeq %r2, 651, d651
add %r0, 1
d651:
jeq %r2, 652, d652
add %r0, 1
d652:
jeq %r2, 653, d653
add %r0, 1
d653:
jeq %r2, 654, d654
add %r0, 1
d654:
jeq %r2, 655, d655
add %r0, 1
d655:
jeq %r2, 656, d656
add %r0, 1
d656:
jeq %r2, 657, d657
add %r0, 1
d657:
jeq %r2, 658, d658
add %r0, 1
d658:
jeq %r2, 659, d659
add %r0, 1
d659:
jeq %r2, 660, d660
add %r0, 1
d660:
jeq %r2, 661, d661
add %r0, 1
d661:
jeq %r2, 662, d662
add %r0, 1
d662:
jeq %r2, 663, d663
add %r0, 1
d663:
jeq %r2, 664, d664
add %r0, 1
d664:
jeq %r2, 665, d665
add %r0, 1
d665:
jeq %r2, 666, d666
add %r0, 1
d666:
jeq %r2, 667, d667
add %r0, 1
d667:
jeq %r2, 668, d668
add %r0, 1
d668:
jeq %r2, 669, d669
add %r0, 1
d669:
jeq %r2, 670, d670
add %r0, 1
d670:
jeq %r2, 671, d671
add %r0, 1
d671:
jeq %r2, 672, d672
add %r0, 1
d672:
jeq %r2, 673, d673
add %r0, 1
d673:
jeq %r2, 674, d674
add %r0, 1
d674:
jeq %r2, 675, d675
add %r0, 1
d675:
jeq %r2, 676, d676
add %r0, 1
d676:
jeq %r2, 677, d677
add %r0, 1
d677:
jeq %r2, 678, d678
add %r0, 1
d678:
jeq %r2, 679, d679
add %r0, 1
d679:
jeq %r2, 680, d680
add %r0, 1
d680:
jeq %r2, 681, d681
add %r0, 1
d681:
jeq %r2, 682, d682
add %r0, 1
d682:
jeq %r2, 683, d683
add %r0, 1
d683:
jeq %r2, 684, d684
add %r0, 1
d684:
jeq %r2, 685, d685
add %r0, 1
d685:
jeq %r2, 686, d686
add %r0, 1
d686:
jeq %r2, 687, d687
add %r0, 1
d687:
jeq %r2, 688, d688
add %r0, 1
d688:
jeq %r2, 689, d689
add %r0, 1
d689:
jeq %r2, 690, d690
add %r0, 1
d690:
jeq %r2, 691, d691
add %r0, 1
d691:
jeq %r2, 692, d692
add %r0, 1
d692:
jeq %r2, 693, d693
add %r0, 1
d693:
jeq %r2, 694, d694
add %r0, 1
d694:
jeq %r2, 695, d695
add %r0, 1
d695:
jeq %r2, 696, d696
add %r0, 1
d696:
jeq %r2, 697, d697
add %r0, 1
d697:
jeq %r2, 698, d698
add %r0, 1
d698:
jeq %r2, 699, d699
add %r0, 1
d699:
jeq %r2, 700, d700
add %r0, 1
d700:
jeq %r2, 701, d701
add %r0, 1
d701:
jeq %r2, 702, d702
add %r0, 1
d702:
jeq %r2, 703, d703
add %r0, 1
d703:
jeq %r2, 704, d704
add %r0, 1
d704:
jeq %r2, 705, d705
add %r0, 1
d705:
jeq %r2, 706, d706
add %r0, 1
d706:
jeq %r2, 707, d707
add %r0, 1
d707:
jeq %r2, 708, d708
add %r0, 1
d708:
jeq %r2, 709, d709
add %r0, 1
d709:
jeq %r2, 710, d710
add %r0, 1
d710:
jeq %r2, 711, d711
add %r0, 1
d711:
jeq %r2, 712, d712
add %r0, 1
d712:
jeq %r2, 713, d713
add %r0, 1
d713:
jeq %r2, 714, d714
add %r0, 1
d714:
jeq %r2, 715, d715
add %r0, 1
d715:
jeq %r2, 716, d716
add %r0, 1
d716:
jeq %r2, 717, d717
add %r0, 1
d717:
jeq %r2, 718, d718
add %r0, 1
d718:
jeq %r2, 719, d719
add %r0, 1
d719:
jeq %r2, 720, d720
add %r0, 1
d720:
jeq %r2, 721, d721
add %r0, 1
d721:
jeq %r2, 722, d722
add %r0, 1
d722:
jeq %r2, 723, d723
add %r0, 1
d723:
jeq %r2, 724, d724
add %r0, 1
d724:
jeq %r2, 725, d725
add %r0, 1
d725:
jeq %r2, 726, d726
add %r0, 1
d726:
jeq %r2, 727, d727
add %r0, 1
d727:
jeq %r2, 728, d728
add %r0, 1
d728:
jeq %r2, 729, d729
add %r0, 1
d729:
jeq %r2, 730, d730
add %r0, 1
d730:
jeq %r2, 731, d731
add %r0, 1
d731:
jeq %r2, 732, d732
add %r0, 1
d732:
jeq %r2, 733, d733
add %r0, 1
d733:
jeq %r2, 734, d734
add %r0, 1
d734:
jeq %r2, 735, d735
add %r0, 1
d735:
jeq %r2, 736, d736
add %r0, 1
d736:
jeq %r2, 737, d737
add %r0, 1
d737:
jeq %r2, 738, d738
add %r0, 1
d738:
jeq %r2, 739, d739
add %r0, 1
d739:
jeq %r2, 740, d740
add %r0, 1
d740:
jeq %r2, 741, d741
add %r0, 1
d741:
jeq %r2, 742, d742
add %r0, 1
d742:
jeq %r2, 743, d743
add %r0, 1
d743:
jeq %r2, 744, d744
add %r0, 1
d744:
jeq %r2, 745, d745
add %r0, 1
d745:
jeq %r2, 746, d746
add %r0, 1
d746:
jeq %r2, 747, d747
add %r0, 1
d747:
jeq %r2, 748, d748
add %r0, 1
d748:
jeq %r2, 749, d749
add %r0, 1
d749:
jeq %r2, 750, d750
add %r0, 1
d750:
jeq %r2, 751, d751
add %r0, 1
d751:
jeq %r2, 752, d752
add %r0, 1
d752:
jeq %r2, 753, d753
add %r0, 1
d753:
jeq %r2, 754, d754
add %r0, 1
d754:
jeq %r2, 755, d755
add %r0, 1
d755:
jeq %r2, 756, d756
add %r0, 1
d756:
jeq %r2, 757, d757
add %r0, 1
d757:
jeq %r2, 758, d758
add %r0, 1
d758:
jeq %r2, 759, d759
add %r0, 1
d759:
jeq %r2, 760, d760
add %r0, 1
d760:
jeq %r2, 761, d761
add %r0, 1
d761:
jeq %r2, 762, d762
add %r0, 1
d762:
jeq %r2, 763, d763
add %r0, 1
d763:
jeq %r2, 764, d764
add %r0, 1
d764:
jeq %r2, 765, d765
add %r0, 1
d765:
jeq %r2, 766, d766
add %r0, 1
d766:
jeq %r2, 767, d767
add %r0, 1
d767:
jeq %r2, 768, d768
add %r0, 1
d768:
jeq %r2, 769, d769
add %r0, 1
d769:
jeq %r2, 770, d770
add %r0, 1
d770:
jeq %r2, 771, d771
add %r0, 1
d771:
jeq %r2, 772, d772
add %r0, 1
d772:
jeq %r2, 773, d773
add %r0, 1
d773:
jeq %r2, 774, d774
add %r0, 1
d774:
jeq %r2, 775, d775
add %r0, 1
d775:
jeq %r2, 776, d776
add %r0, 1
d776:
jeq %r2, 777, d777
add %r0, 1
d777:
jeq %r2, 778, d778
add %r0, 1
d778:
jeq %r2, 779, d779
add %r0, 1
d779:
jeq %r2, 780, d780
add %r0, 1
d780:
jeq %r2, 781, d781
add %r0, 1
d781:
jeq %r2, 782, d782
add %r0, 1
d782:
jeq %r2, 783, d783
add %r0, 1
d783:
jeq %r2, 784, d784
add %r0, 1
d784:
jeq %r2, 785, d785
add %r0, 1
d785:
jeq %r2, 786, d786
add %r0, 1
d786:
jeq %r2, 787, d787
add %r0, 1
d787:
jeq %r2, 788, d788
add %r0, 1
d788:
jeq %r2, 789, d789
add %r0, 1
d789:
jeq %r2, 790, d790
add %r0, 1
d790:
jeq %r2, 791, d791
add %r0, 1
d791:
jeq %r2, 792, d792
add %r0, 1
d792:
jeq %r2, 793, d793
add %r0, 1
d793:
jeq %r2, 794, d794
add %r0, 1
d794:
jeq %r2, 795, d795
add %r0, 1
d795:
jeq %r2, 796, d796
add %r0, 1
d796:
jeq %r2, 797, d797
add %r0, 1
d797:
jeq %r2, 798, d798
add %r0, 1
d798:
jeq %r2, 799, d799
add %r0, 1
d799:
jeq %r2, 800, d800
add %r0, 1
d800:
jeq %r2, 801, d801
add %r0, 1
d801:
jeq %r2, 802, d802
add %r0, 1
d802:
jeq %r2, 803, d803
add %r0, 1
d803:
jeq %r2, 804, d804
add %r0, 1
d804:
jeq %r2, 805, d805
add %r0, 1
d805:
jeq %r2, 806, d806
add %r0, 1
d806:
jeq %r2, 807, d807
add %r0, 1
d807:
jeq %r2, 808, d808
add %r0, 1
d808:
jeq %r2, 809, d809
add %r0, 1
d809:
jeq %r2, 810, d810
add %r0, 1
d810:
jeq %r2, 811, d811
add %r0, 1
d811:
jeq %r2, 812, d812
add %r0, 1
d812:
jeq %r2, 813, d813
add %r0, 1
d813:
jeq %r2, 814, d814
add %r0, 1
d814:
jeq %r2, 815, d815
add %r0, 1
d815:
jeq %r2, 816, d816
add %r0, 1
d816:
jeq %r2, 817, d817
add %r0, 1
d817:
jeq %r2, 818, d818
add %r0, 1
d818:
jeq %r2, 819, d819
add %r0, 1
d819:
jeq %r2, 820, d820
add %r0, 1
d820:
jeq %r2, 821, d821
add %r0, 1
d821:
jeq %r2, 822, d822
add %r0, 1
d822:
jeq %r2, 823, d823
add %r0, 1
d823:
jeq %r2, 824, d824
add %r0, 1
d824:
jeq %r2, 825, d825
add %r0, 1
d825:
jeq %r2, 826, d826
add %r0, 1
d826:
jeq %r2, 827, d827
add %r0, 1
d827:
jeq %r2, 828, d828
add %r0, 1
d828:
jeq %r2, 829, d829
add %r0, 1
d829:
jeq %r2, 830, d830
add %r0, 1
d830:
jeq %r2, 831, d831
add %r0, 1
d831:
jeq %r2, 832, d832
add %r0, 1
d832:
jeq %r2, 833, d833
add %r0, 1
d833:
jeq %r2, 834, d834
add %r0, 1
d834:
jeq %r2, 835, d835
add %r0, 1
d835:
jeq %r2, 836, d836
add %r0, 1
d836:
jeq %r2, 837, d837
add %r0, 1
d837:
jeq %r2, 838, d838
add %r0, 1
d838:
jeq %r2, 839, d839
add %r0, 1
d839:
jeq %r2, 840, d840
add %r0, 1
d840:
jeq %r2, 841, d841
add %r0, 1
d841:
jeq %r2, 842, d842
add %r0, 1
d842:
jeq %r2, 843, d843
add %r0, 1
d843:
jeq %r2, 844, d844
add %r0, 1
d844:
jeq %r2, 845, d845
add %r0, 1
d845:
jeq %r2, 846, d846
add %r0, 1
d846:
jeq %r2, 847, d847
add %r0, 1
d847:
jeq %r2, 848, d848
add %r0, 1
d848:
jeq %r2, 849, d849
add %r0, 1
d849:
jeq %r2, 850, d850
add %r0, 1
d850:
jeq %r2, 851, d851
add %r0, 1
d851:
jeq %r2, 852, d852
add %r0, 1
d852:
jeq %r2, 853, d853
add %r0, 1
d853:
jeq %r2, 854, d854
add %r0, 1
d854:
jeq %r2, 855, d855
add %r0, 1
d855:
jeq %r2, 856, d856
add %r0, 1
d856:
jeq %r2, 857, d857
add %r0, 1
d857:
jeq %r2, 858, d858
add %r0, 1
d858:
jeq %r2, 859, d859
add %r0, 1
d859:
jeq %r2, 860, d860
add %r0, 1
d860:
jeq %r2, 861, d861
add %r0, 1
d861:
jeq %r2, 862, d862
add %r0, 1
d862:
jeq %r2, 863, d863
add %r0, 1
d863:
jeq %r2, 864, d864
add %r0, 1
d864:
jeq %r2, 865, d865
add %r0, 1
d865:
jeq %r2, 866, d866
add %r0, 1
d866:
jeq %r2, 867, d867
add %r0, 1
d867:
jeq %r2, 868, d868
add %r0, 1
d868:
jeq %r2, 869, d869
add %r0, 1
d869:
jeq %r2, 870, d870
add %r0, 1
d870:
jeq %r2, 871, d871
add %r0, 1
d871:
jeq %r2, 872, d872
add %r0, 1
d872:
jeq %r2, 873, d873
add %r0, 1
d873:
jeq %r2, 874, d874
add %r0, 1
d874:
jeq %r2, 875, d875
add %r0, 1
d875:
jeq %r2, 876, d876
add %r0, 1
d876:
jeq %r2, 877, d877
add %r0, 1
d877:
jeq %r2, 878, d878
add %r0, 1
d878:
jeq %r2, 879, d879
add %r0, 1
d879:
jeq %r2, 880, d880
add %r0, 1
d880:
jeq %r2, 881, d881
add %r0, 1
d881:
jeq %r2, 882, d882
add %r0, 1
d882:
jeq %r2, 883, d883
add %r0, 1
d883:
jeq %r2, 884, d884
add %r0, 1
d884:
jeq %r2, 885, d885
add %r0, 1
d885:
jeq %r2, 886, d886
add %r0, 1
d886:
jeq %r2, 887, d887
add %r0, 1
d887:
jeq %r2, 888, d888
add %r0, 1
d888:
jeq %r2, 889, d889
add %r0, 1
d889:
jeq %r2, 890, d890
add %r0, 1
d890:
jeq %r2, 891, d891
add %r0, 1
d891:
jeq %r2, 892, d892
add %r0, 1
d892:
jeq %r2, 893, d893
add %r0, 1
d893:
jeq %r2, 894, d894
add %r0, 1
d894:
jeq %r2, 895, d895
add %r0, 1
d895:
jeq %r2, 896, d896
add %r0, 1
d896:
jeq %r2, 897, d897
add %r0, 1
d897:
jeq %r2, 898, d898
add %r0, 1
d898:
jeq %r2, 899, d899
add %r0, 1
d899:
jeq %r2, 900, d900
add %r0, 1
d900:
jeq %r2, 901, d901
add %r0, 1
d901:
jeq %r2, 902, d902
add %r0, 1
d902:
jeq %r2, 903, d903
add %r0, 1
d903:
jeq %r2, 904, d904
add %r0, 1
d904:
jeq %r2, 905, d905
add %r0, 1
d905:
jeq %r2, 906, d906
add %r0, 1
d906:
jeq %r2, 907, d907
add %r0, 1
d907:
jeq %r2, 908, d908
add %r0, 1
d908:
jeq %r2, 909, d909
add %r0, 1
d909:
jeq %r2, 910, d910
add %r0, 1
d910:
jeq %r2, 911, d911
add %r0, 1
d911:
jeq %r2, 912, d912
add %r0, 1
d912:
jeq %r2, 913, d913
add %r0, 1
d913:
jeq %r2, 914, d914
add %r0, 1
d914:
jeq %r2, 915, d915
add %r0, 1
d915:
jeq %r2, 916, d916
add %r0, 1
d916:
jeq %r2, 917, d917
add %r0, 1
d917:
jeq %r2, 918, d918
add %r0, 1
d918:
jeq %r2, 919, d919
add %r0, 1
d919:
jeq %r2, 920, d920
add %r0, 1
d920:
jeq %r2, 921, d921
add %r0, 1
d921:
jeq %r2, 922, d922
add %r0, 1
d922:
jeq %r2, 923, d923
add %r0, 1
d923:
jeq %r2, 924, d924
add %r0, 1
d924:
jeq %r2, 925, d925
add %r0, 1
d925:
jeq %r2, 926, d926
add %r0, 1
d926:
jeq %r2, 927, d927
add %r0, 1
d927:
jeq %r2, 928, d928
add %r0, 1
d928:
jeq %r2, 929, d929
add %r0, 1
d929:
jeq %r2, 930, d930
add %r0, 1
d930:
jeq %r2, 931, d931
add %r0, 1
d931:
jeq %r2, 932, d932
add %r0, 1
d932:
jeq %r2, 933, d933
add %r0, 1
d933:
jeq %r2, 934, d934
add %r0, 1
d934:
jeq %r2, 935, d935
add %r0, 1
d935:
jeq %r2, 936, d936
add %r0, 1
d936:
jeq %r2, 937, d937
add %r0, 1
d937:
jeq %r2, 938, d938
add %r0, 1
d938:
jeq %r2, 939, d939
add %r0, 1
d939:
jeq %r2, 940, d940
add %r0, 1
d940:
jeq %r2, 941, d941
add %r0, 1
d941:
jeq %r2, 942, d942
add %r0, 1
d942:
jeq %r2, 943, d943
add %r0, 1
d943:
jeq %r2, 944, d944
add %r0, 1
d944:
jeq %r2, 945, d945
add %r0, 1
d945:
jeq %r2, 946, d946
add %r0, 1
d946:
jeq %r2, 947, d947
add %r0, 1
d947:
jeq %r2, 948, d948
add %r0, 1
d948:
jeq %r2, 949, d949
add %r0, 1
d949:
jeq %r2, 950, d950
add %r0, 1
d950:
jeq %r2, 951, d951
add %r0, 1
d951:
jeq %r2, 952, d952
add %r0, 1
d952:
jeq %r2, 953, d953
add %r0, 1
d953:
jeq %r2, 954, d954
add %r0, 1
d954:
jeq %r2, 955, d955
add %r0, 1
d955:
jeq %r2, 956, d956
add %r0, 1
d956:
jeq %r2, 957, d957
add %r0, 1
d957:
jeq %r2, 958, d958
add %r0, 1
d958:
jeq %r2, 959, d959
add %r0, 1
d959:
jeq %r2, 960, d960
add %r0, 1
d960:
jeq %r2, 961, d961
add %r0, 1
d961:
jeq %r2, 962, d962
add %r0, 1
d962:
jeq %r2, 963, d963
add %r0, 1
d963:
jeq %r2, 964, d964
add %r0, 1
d964:
jeq %r2, 965, d965
add %r0, 1
d965:
jeq %r2, 966, d966
add %r0, 1
d966:
jeq %r2, 967, d967
add %r0, 1
d967:
jeq %r2, 968, d968
add %r0, 1
d968:
jeq %r2, 969, d969
add %r0, 1
d969:
jeq %r2, 970, d970
add %r0, 1
d970:
jeq %r2, 971, d971
add %r0, 1
d971:
jeq %r2, 972, d972
add %r0, 1
d972:
jeq %r2, 973, d973
add %r0, 1
d973:
jeq %r2, 974, d974
add %r0, 1
d974:
jeq %r2, 975, d975
add %r0, 1
d975:
jeq %r2, 976, d976
add %r0, 1
d976:
jeq %r2, 977, d977
add %r0, 1
d977:
jeq %r2, 978, d978
add %r0, 1
d978:
jeq %r2, 979, d979
add %r0, 1
d979:
jeq %r2, 980, d980
add %r0, 1
d980:
jeq %r2, 981, d981
add %r0, 1
d981:
jeq %r2, 982, d982
add %r0, 1
d982:
jeq %r2, 983, d983
add %r0, 1
d983:
jeq %r2, 984, d984
add %r0, 1
d984:
jeq %r2, 985, d985
add %r0, 1
d985:
jeq %r2, 986, d986
add %r0, 1
d986:
jeq %r2, 987, d987
add %r0, 1
d987:
jeq %r2, 988, d988
add %r0, 1
d988:
jeq %r2, 989, d989
add %r0, 1
d989:
jeq %r2, 990, d990
add %r0, 1
d990:
jeq %r2, 991, d991
add %r0, 1
d991:
jeq %r2, 992, d992
add %r0, 1
d992:
jeq %r2, 993, d993
add %r0, 1
d993:
jeq %r2, 994, d994
add %r0, 1
d994:
jeq %r2, 995, d995
add %r0, 1
d995:
jeq %r2, 996, d996
add %r0, 1
d996:
jeq %r2, 997, d997
add %r0, 1
d997:
jeq %r2, 998, d998
add %r0, 1
d998:
jeq %r2, 999, d999
add %r0, 1
d999:
mov %r0, 0
exit
